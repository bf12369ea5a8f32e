#include "verbalize/persona/persona_json.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <span>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/str.h"
#include "verbalize/persona/taxonomy.h"

namespace zipp::verbalize {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxListItems = 24;
constexpr std::size_t kMaxItemBytes = 200;
constexpr std::size_t kMaxTextBytes = 8000;

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string joined(std::span<const std::string_view> values) {
  std::string out;
  for (auto v : values) out += core::str(out.empty() ? "" : ", ", v);
  return out;
}

[[noreturn]] void fail(const std::string& context, std::string_view field,
                       const std::string& expected, const std::string& found) {
  throw core::InputError(core::str(context, ": field ", core::quoted(field), ": expected ",
                                   expected, ", found ", found));
}

std::string found_of(const Json& j) {
  return j.is_string() ? core::quoted(j.get<std::string>()) : std::string(j.type_name());
}

// A string field; `values` non-empty: one of them (lower-cased) or "unknown".
std::string read_string(const Json& obj, const char* key, const std::string& context,
                        std::string_view field, std::span<const std::string_view> values,
                        std::string fallback) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_string()) fail(context, field, "a string", found_of(*it));
  std::string v = trim(it->get<std::string>());
  if (v.size() > kMaxTextBytes) {
    fail(context, field, core::str("at most ", kMaxTextBytes, " bytes"),
         core::str(v.size(), " bytes"));
  }
  if (values.empty()) return v;
  v = lower(v);
  if (v.empty() || v == kUnknown) return std::string(kUnknown);
  if (!in_taxonomy(values, v)) {
    fail(context, field, core::str("one of ", joined(values), ", unknown"), core::quoted(v));
  }
  return v;
}

std::vector<std::string> read_list(const Json& obj, const char* key, const std::string& context,
                                   std::string_view field,
                                   std::span<const std::string_view> values) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) fail(context, field, "an array of strings", found_of(*it));
  if (it->size() > kMaxListItems) {
    fail(context, field, core::str("at most ", kMaxListItems, " entries"), core::str(it->size()));
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& item = (*it)[i];
    const std::string where = core::str(field, "[", i, "]");
    if (!item.is_string()) fail(context, where, "a string", found_of(item));
    std::string v = trim(item.get<std::string>());
    if (v.empty()) continue;
    if (v.size() > kMaxItemBytes) {
      fail(context, where, core::str("at most ", kMaxItemBytes, " bytes"),
           core::str(v.size(), " bytes"));
    }
    if (!values.empty()) {
      v = lower(v);
      if (!in_taxonomy(values, v)) {
        fail(context, where, core::str("one of ", joined(values)), core::quoted(v));
      }
    }
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  }
  return out;
}

const Json& object_or_empty(const Json& obj, const char* key, const std::string& context) {
  static const Json kEmpty = Json::object();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return kEmpty;
  if (!it->is_object()) fail(context, key, "an object", found_of(*it));
  return *it;
}

Json fields_of(const Persona& p) {
  const auto& d = p.demographics;
  const auto& v = p.visual;
  return Json{{"demographics",
               {{"age_range", d.age_range},
                {"gender", d.gender},
                {"locale", d.locale},
                {"language", d.language},
                {"profession", d.profession}}},
              {"interests", p.interests},
              {"hobbies", p.hobbies},
              {"personality", p.personality},
              {"behaviour", p.behaviour},
              {"visual",
               {{"palette", v.palette},
                {"medium", v.medium},
                {"mood", v.mood},
                {"genres", v.genres},
                {"lighting", v.lighting},
                {"style", v.style}}},
              {"persona", p.text}};
}

void read_fields(const Json& j, const std::string& context, Persona& p) {
  const std::span<const std::string_view> free;
  const Json& d = object_or_empty(j, "demographics", context);
  p.demographics.age_range =
      read_string(d, "age_range", context, "demographics.age_range", age_ranges(), "unknown");
  p.demographics.gender =
      read_string(d, "gender", context, "demographics.gender", genders(), "unknown");
  p.demographics.locale =
      read_string(d, "locale", context, "demographics.locale", locales(), "unknown");
  p.demographics.language =
      lower(read_string(d, "language", context, "demographics.language", free, "unknown"));
  if (p.demographics.language.empty()) p.demographics.language = kUnknown;
  p.demographics.profession =
      read_string(d, "profession", context, "demographics.profession", professions(), "unknown");
  p.interests = read_list(j, "interests", context, "interests", free);
  p.hobbies = read_list(j, "hobbies", context, "hobbies", hobbies());
  p.personality = read_list(j, "personality", context, "personality", personality_traits());
  p.behaviour = read_list(j, "behaviour", context, "behaviour", behaviour_styles());
  const Json& v = object_or_empty(j, "visual", context);
  p.visual.palette = read_list(v, "palette", context, "visual.palette", free);
  p.visual.medium = read_list(v, "medium", context, "visual.medium", free);
  p.visual.mood = read_list(v, "mood", context, "visual.mood", free);
  p.visual.genres = read_list(v, "genres", context, "visual.genres", visual_interests());
  p.visual.lighting = read_list(v, "lighting", context, "visual.lighting", free);
  p.visual.style = read_list(v, "style", context, "visual.style", free);
  p.text = read_string(j, "persona", context, "persona", free, "");
}

Json parse_object(std::string_view text, const std::string& context) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw core::InputError(
        core::str(context, ": expected a JSON object, found text that does not parse: ", e.what()));
  }
  if (!j.is_object()) {
    throw core::InputError(core::str(context, ": expected a JSON object, found ", j.type_name()));
  }
  return j;
}

}  // namespace

std::string persona_fields_json(const Persona& persona) { return fields_of(persona).dump(); }

void parse_persona_fields(std::string_view json, const std::string& context, Persona& into) {
  read_fields(parse_object(json, context), context, into);
}

std::string persona_record_json(const Persona& persona) {
  Json j = fields_of(persona);
  j["format_version"] = kPersonaFormatVersion;
  j["user"] = persona.user;
  j["user_id"] = persona.user_id;
  Json evidence = Json::array();
  for (const auto& e : persona.evidence) {
    evidence.push_back({{"subreddit", e.subreddit}, {"weight", e.weight}});
  }
  j["evidence"] = std::move(evidence);
  return j.dump();
}

Persona parse_persona_record(std::string_view json, const std::string& context) {
  const Json j = parse_object(json, context);
  static const std::initializer_list<std::string_view> kKeys = {
      "format_version", "user",      "user_id", "demographics", "interests", "hobbies",
      "personality",    "behaviour", "visual",  "persona",      "evidence"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      throw core::InputError(
          core::str(context, ": unknown key ", core::quoted(key), " in a persona record"));
    }
  }
  auto version = j.find("format_version");
  if (version == j.end() || !version->is_number_integer() ||
      version->get<int>() != kPersonaFormatVersion) {
    fail(context, "format_version", core::str(kPersonaFormatVersion),
         version == j.end() ? "none" : version->dump());
  }
  Persona p;
  auto user = j.find("user");
  if (user == j.end() || !user->is_string() || user->get_ref<const std::string&>().empty()) {
    fail(context, "user", "a non-empty string", user == j.end() ? "none" : found_of(*user));
  }
  p.user = user->get<std::string>();
  const std::string where = core::str(context, " (user ", p.user, ")");
  auto id = j.find("user_id");
  if (id == j.end() || !id->is_number_integer() || id->get<std::int64_t>() < -1) {
    fail(where, "user_id", "an integer >= -1", id == j.end() ? "none" : id->dump());
  }
  p.user_id = id->get<std::int64_t>();
  read_fields(j, where, p);
  auto evidence = j.find("evidence");
  if (evidence == j.end() || !evidence->is_array()) {
    fail(where, "evidence", "an array", evidence == j.end() ? "none" : found_of(*evidence));
  }
  for (std::size_t i = 0; i < evidence->size(); ++i) {
    const Json& e = (*evidence)[i];
    const std::string field = core::str("evidence[", i, "]");
    if (!e.is_object() || !e.contains("subreddit") || !e["subreddit"].is_string() ||
        !e.contains("weight") || !e["weight"].is_number() ||
        !std::isfinite(e["weight"].get<double>())) {
      fail(where, field, "{\"subreddit\": string, \"weight\": number}", e.dump());
    }
    p.evidence.push_back({e["subreddit"].get<std::string>(), e["weight"].get<double>()});
  }
  return p;
}

}  // namespace zipp::verbalize
