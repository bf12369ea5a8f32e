#include "core/config/schema.h"

#include <algorithm>

#include "core/check.h"
#include "core/str.h"
#include "core/text/edit_distance.h"

namespace zipp::core::config {
namespace {

// Past this many names a message points at `zipp config keys` instead of listing them all.
constexpr std::size_t kMaxListed = 12;

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kMaxListed; ++i) {
    out += (i > 0 ? ", " : "") + names[i];
  }
  if (names.size() > kMaxListed) out += ", ... (see 'zipp config keys')";
  return out;
}

bool valid_key(std::string_view key) {
  return !key.empty() && !key.starts_with('.') && !key.ends_with('.') &&
         key.find("..") == std::string_view::npos;
}

}  // namespace

void Schema::add_section(SectionSchema section) {
  ZIPP_ASSERT(valid_key(section.name) && section.name.find('.') == std::string::npos,
              "config section name ", core::quoted(section.name), " must be one non-empty word");
  for (const auto& existing : sections_) {
    ZIPP_ASSERT(existing.name != section.name, "config section ", core::quoted(section.name),
                " added twice");
    ZIPP_ASSERT(existing.type != section.type, "config section type of ",
                core::quoted(section.name), " added twice (also as ", core::quoted(existing.name),
                ")");
  }
  const std::size_t index = sections_.size();
  groups_.insert(section.name);
  for (std::size_t f = 0; f < section.fields.size(); ++f) {
    const std::string& key = section.fields[f].key;
    ZIPP_ASSERT(valid_key(key), "config key ", core::quoted(key), " in section ",
                core::quoted(section.name), " is not a dotted name");
    const std::string full = section.name + "." + key;
    ZIPP_ASSERT(!keys_.contains(full) && !groups_.contains(full), "config key ", core::quoted(full),
                " is declared twice or is also a group of keys");
    keys_.emplace(full, KeyRef{index, f});
    full_keys_.push_back(full);
    for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
      const std::string group = section.name + "." + key.substr(0, dot);
      ZIPP_ASSERT(!keys_.contains(group), "config key ", core::quoted(group),
                  " is also a group of keys (", core::quoted(full), ")");
      groups_.insert(group);
    }
  }
  sections_.push_back(std::move(section));
}

std::vector<KeyInfo> Schema::describe_keys() const {
  std::vector<KeyInfo> rows;
  for (const auto& section : sections_) {
    const std::any defaults = section.make_default();
    for (const auto& field : section.fields) {
      rows.push_back(KeyInfo{section.name + "." + field.key, field.type,
                             one_line(field.read(defaults)), field.help, field.choices});
    }
  }
  return rows;
}

std::optional<Schema::KeyRef> Schema::find_key(std::string_view full_key) const {
  const auto it = keys_.find(full_key);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Schema::find_section(std::type_index type) const {
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    if (sections_[i].type == type) return i;
  }
  return std::nullopt;
}

bool Schema::is_group(std::string_view path) const { return groups_.contains(path); }

std::vector<std::string> Schema::keys_under(std::string_view group) const {
  std::vector<std::string> keys;
  const std::string prefix = std::string(group) + ".";
  for (const auto& key : full_keys_) {
    if (key.starts_with(prefix)) keys.push_back(key);
  }
  return keys;
}

std::string Schema::unknown_key_message(std::string_view path) const {
  const std::size_t dot = path.find('.');
  const std::string section(path.substr(0, dot));
  const std::string rest = dot == std::string_view::npos ? "" : std::string(path.substr(dot + 1));
  std::vector<std::string> candidates(full_keys_);
  candidates.insert(candidates.end(), groups_.begin(), groups_.end());

  if (!groups_.contains(section)) {
    std::vector<std::string> names;
    for (const auto& s : sections_) names.push_back(s.name);
    std::string message = rest.empty() ? str("unknown section ", core::quoted(section))
                                       : str("unknown key ", core::quoted(path), " (no section ",
                                             core::quoted(section), ")");
    if (const auto near = text::nearest(section, names); near) {
      const std::string fixed = rest.empty() ? *near : *near + "." + rest;
      const bool known = keys_.contains(fixed) || groups_.contains(fixed);
      return str(message, "; did you mean ", core::quoted(known ? fixed : *near), "?");
    }
    // A key written without its section, e.g. `seed: 3` at the top level.
    for (const auto& key : full_keys_) {
      if (key.ends_with(str(".", path))) {
        return str(message, "; did you mean ", core::quoted(key), "?");
      }
    }
    return str(message, "; known sections: ", join_names(names));
  }

  const std::string message = str("unknown key ", core::quoted(path));
  if (const auto near = text::nearest(path, candidates); near) {
    return str(message, "; did you mean ", core::quoted(*near), "?");
  }
  // The right key in the wrong section, e.g. run.backend for comm.backend.
  for (const auto& s : sections_) {
    const std::string moved = s.name + "." + rest;
    if (s.name != section && (keys_.contains(moved) || groups_.contains(moved))) {
      return str(message, "; did you mean ", core::quoted(moved), "?");
    }
  }
  return str(message, "; keys in section ", core::quoted(section), ": ",
             join_names(keys_under(section)));
}

}  // namespace zipp::core::config
