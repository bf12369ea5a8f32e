// Internal to core/config: walks a YAML document against the schema and turns it into dotted-key
// assignments with the position each value was written at. It collects every problem (unknown
// keys with a suggestion, a mapping where a value belongs, YAML syntax errors) instead of
// stopping at the first, so the user sees them all at once. yaml-cpp stays inside the .cc.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config/schema.h"
#include "core/config/value.h"

namespace zipp::core::config {

struct Assignment {
  std::string key;  // full, dotted, known to the schema
  RawValue value;   // value.where says where it was written
};

// One thing wrong with the configuration; `where` is empty when no source applies.
struct Problem {
  // Constructors rather than aggregate initialisation: GCC 12 warns falsely (maybe-uninitialized)
  // about brace-initialised nested strings at -O2.
  explicit Problem(std::string what_text) : what(std::move(what_text)) {}
  Problem(Location at, std::string what_text) : where(std::move(at)), what(std::move(what_text)) {}

  Location where;
  std::string what;

  std::string text() const { return where.source.empty() ? what : where.text() + ": " + what; }
};

enum class SourceLines { kFromYaml, kNone };

struct YamlSource {
  std::string name;    // the file path, or "command-line override 'a.b=1'"
  std::string prefix;  // the key the document is the value of; empty for a whole file
  SourceLines lines = SourceLines::kFromYaml;
};

// Appends the assignments in `text` to `out` and every problem found to `problems`.
void read_yaml(std::string_view text, const YamlSource& source, const Schema& schema,
               std::vector<Assignment>& out, std::vector<Problem>& problems);

}  // namespace zipp::core::config
