// str(a, b, c): concatenate anything that streams into one std::string. Used to build error and
// log messages without format strings.
#pragma once

#include <iomanip>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace zipp::core {

template <typename... Args>
std::string str(Args&&... args) {
  if constexpr (sizeof...(Args) == 0) {
    return {};
  } else {
    std::ostringstream out;
    (out << ... << std::forward<Args>(args));
    return out.str();
  }
}

// Quote a user-supplied value for a message: 'value'.
inline std::string quoted(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  out += value;
  out += '\'';
  return out;
}

// For std::string arguments argument-dependent lookup also finds the template std::quoted
// (<iomanip>), which would print "value"; this exact, non-template match wins over it.
inline std::string quoted(const std::string& value) { return quoted(std::string_view(value)); }
inline std::string quoted(const char* value) { return quoted(std::string_view(value)); }

// A number with `digits` digits after the point, for log lines: fixed(0.12345, 3) == "0.123".
inline std::string fixed(double value, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

}  // namespace zipp::core
