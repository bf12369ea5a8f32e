// The schema lists every configuration section and key once, in order: the table behind
// `zipp config keys`, the defaults, and the lookups the loader uses to reject unknown keys.
// Sections are added by an explicit function (no static registration), e.g.
//   Schema schema;
//   add_core_sections(schema);
//   schema.add<TrainConfig>();
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

#include "core/config/section_spec.h"

namespace zipp::core::config {

// One row of `zipp config keys`.
struct KeyInfo {
  std::string key;  // full, dotted: "comm.bucket_mb"
  std::string type;
  std::string default_text;
  std::string help;
  std::vector<std::string> choices;  // empty unless type is "choice"
};

class Schema {
 public:
  struct KeyRef {
    std::size_t section = 0;
    std::size_t field = 0;
  };

  // Adds section S (see section_spec.h); a duplicate section name or key is a zipp bug.
  template <class S>
  Schema& add() {
    SectionSpec<S> spec;
    S::describe(spec);
    add_section(std::move(spec).release());
    return *this;
  }

  const std::vector<SectionSchema>& sections() const { return sections_; }
  std::vector<KeyInfo> describe_keys() const;

  std::optional<KeyRef> find_key(std::string_view full_key) const;
  const FieldSpec& field(KeyRef ref) const { return sections_[ref.section].fields[ref.field]; }
  std::optional<std::size_t> find_section(std::type_index type) const;
  // True for a section name or a dotted prefix of keys ("train", "train.model").
  bool is_group(std::string_view path) const;
  // The full keys under a group, in schema order.
  std::vector<std::string> keys_under(std::string_view group) const;

  // "unknown key 'run.sed'; did you mean 'run.seed'?" or, with nothing near, the known names.
  std::string unknown_key_message(std::string_view path) const;

 private:
  void add_section(SectionSchema section);

  std::vector<SectionSchema> sections_;
  std::vector<std::string> full_keys_;  // schema order
  std::map<std::string, KeyRef, std::less<>> keys_;
  std::set<std::string, std::less<>> groups_;
};

}  // namespace zipp::core::config
