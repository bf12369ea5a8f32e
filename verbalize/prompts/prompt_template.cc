#include "verbalize/prompts/prompt_template.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/str.h"
#include "core/text/edit_distance.h"

namespace zipp::verbalize {
namespace {

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'); }

std::string trim_blank_lines(const std::string& s) {
  const auto b = s.find_first_not_of("\n\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of("\n\r \t");
  return s.substr(b, e - b + 1);
}

// Checks the placeholders of one line and records the names used.
void scan_line(std::string_view line, const std::string& where, const PlaceholderSet& set,
               std::vector<std::string>& used) {
  std::size_t pos = 0;
  while ((pos = line.find("{{", pos)) != std::string_view::npos) {
    const auto close = line.find("}}", pos + 2);
    if (close == std::string_view::npos) {
      throw core::ConfigError(
          core::str(where, ": expected a placeholder {{name}}, found an unclosed '{{'"));
    }
    const std::string name(line.substr(pos + 2, close - pos - 2));
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
      throw core::ConfigError(core::str(where, ": expected a placeholder name of a-z, 0-9 and _, ",
                                        "found {{", name, "}}"));
    }
    if (std::find(set.known.begin(), set.known.end(), name) == set.known.end()) {
      std::string known;
      for (const auto& k : set.known) known += core::str(known.empty() ? "" : ", ", "{{", k, "}}");
      const auto near = core::text::nearest(name, set.known);
      throw core::ConfigError(core::str(where, ": unknown placeholder {{", name, "}}",
                                        near ? core::str(" (did you mean {{", *near, "}}?)") : "",
                                        "; known: ", known));
    }
    if (std::find(used.begin(), used.end(), name) == used.end()) used.push_back(name);
    pos = close + 2;
  }
}

std::string render_text(const std::string& text, const std::map<std::string, std::string>& values,
                        const std::string& origin) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto open = text.find("{{", pos);
    if (open == std::string::npos) break;
    const auto close = text.find("}}", open + 2);
    const std::string name = text.substr(open + 2, close - open - 2);
    auto it = values.find(name);
    if (it == values.end()) {
      throw core::InternalError(
          core::str(origin, ": no value given for the placeholder {{", name, "}}"));
    }
    out.append(text, pos, open - pos);
    out += it->second;
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace

PromptTemplate PromptTemplate::load(const std::filesystem::path& path,
                                    const PlaceholderSet& placeholders) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::IoError(core::str("cannot open the prompt template ", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string(), placeholders);
}

PromptTemplate PromptTemplate::parse(std::string_view text, const std::string& origin,
                                     const PlaceholderSet& placeholders) {
  PromptTemplate t;
  t.origin_ = origin;
  enum class Part { kNote, kSystem, kUser } part = Part::kNote;
  bool seen_system = false;
  bool seen_user = false;
  std::int64_t number = 0;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = core::str(origin, ":", number);
    if (line == "## system" || line == "## user") {
      bool& seen = line == "## system" ? seen_system : seen_user;
      if (seen)
        throw core::ConfigError(core::str(where, ": a second ", core::quoted(line), " part"));
      seen = true;
      part = line == "## system" ? Part::kSystem : Part::kUser;
      continue;
    }
    if (part == Part::kNote) continue;
    scan_line(line, where, placeholders, t.used_);
    (part == Part::kSystem ? t.system_ : t.user_) += line + "\n";
  }
  if (!seen_user) {
    throw core::ConfigError(core::str(origin, ": expected a line \"## user\" starting the user ",
                                      "message, found none"));
  }
  t.system_ = trim_blank_lines(t.system_);
  t.user_ = trim_blank_lines(t.user_);
  for (const auto& name : placeholders.required) {
    if (std::find(t.used_.begin(), t.used_.end(), name) == t.used_.end()) {
      throw core::ConfigError(core::str(origin, ": expected the placeholder {{", name,
                                        "}} somewhere in the template, found it nowhere"));
    }
  }
  return t;
}

std::vector<ChatMessage> PromptTemplate::render(
    const std::map<std::string, std::string>& values) const {
  std::vector<ChatMessage> messages;
  if (!system_.empty()) messages.push_back({"system", render_text(system_, values, origin_)});
  messages.push_back({"user", render_text(user_, values, origin_)});
  return messages;
}

}  // namespace zipp::verbalize
