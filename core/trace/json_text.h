// Small JSON text writers for the tracer, which writes its events by hand: a trace can hold
// millions of events, too many to build as a JSON document in memory first.
#pragma once

#include <string>
#include <string_view>

namespace zipp::core::trace {

// Appends value as a quoted JSON string, escaping quotes, backslashes and control characters.
void append_json_string(std::string& out, std::string_view value);
// Appends microseconds with three decimals (nanosecond resolution), e.g. 1234.500.
void append_json_micros(std::string& out, double micros);
// Appends the shortest text that reads back as value; null for NaN or infinity (not JSON).
void append_json_number(std::string& out, double value);

}  // namespace zipp::core::trace
