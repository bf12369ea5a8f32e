// The small value types that travel between the YAML reader and the typed section fields, so that
// section headers never see yaml-cpp: a raw value as the user wrote it (nothing, one scalar's text,
// or a list of scalar texts) with where it was written, and a typed value rendered back to text.
#pragma once

#include <string>
#include <vector>

namespace zipp::core::config {

// Where a value was written: a file position, or a command-line override (which has no lines).
struct Location {
  std::string source;  // a file path, or "command-line override 'a.b=1'"
  int line = 0;        // 1-based; 0 when the source has no lines
  int column = 0;      // 1-based

  // "runs.yaml:3:7", or the source alone when it has no lines.
  std::string text() const;
};

enum class RawKind { kNull, kScalar, kList };

struct RawValue {
  RawKind kind = RawKind::kNull;
  std::string scalar;              // when kind == kScalar
  std::vector<std::string> items;  // when kind == kList
  Location where;
};

// Strings may need quotes when written back so that they are not read as a number, a boolean or
// null; numbers and booleans never do.
enum class ScalarStyle { kPlain, kString };

struct ScalarText {
  std::string text;
  ScalarStyle style = ScalarStyle::kPlain;
};

enum class ValueShape { kScalar, kList };

struct FormattedValue {
  ValueShape shape = ValueShape::kScalar;
  std::vector<ScalarText> items;  // exactly one for kScalar
};

// One line for tables and messages: 25.0, true, "runs/quickstart", [10, 5], ["a", "b"].
std::string one_line(const FormattedValue& value);

}  // namespace zipp::core::config
