#include "core/trace/json_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace zipp::core::trace {

void append_json_string(std::string& out, std::string_view value) {
  out += '"';
  for (const char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_json_micros(std::string& out, double micros) {
  if (!std::isfinite(micros)) {
    out += "null";
    return;
  }
  char text[512];  // fixed notation of the largest double needs 309 digits
  const auto [end, ec] =
      std::to_chars(text, text + sizeof text, micros, std::chars_format::fixed, 3);
  out.append(text, end);
}

void append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char text[64];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  out.append(text, end);
}

}  // namespace zipp::core::trace
