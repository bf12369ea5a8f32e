// ASCII case folding for names and keywords that compare without case (Reddit names, file
// extensions, header cells, config choices). Bytes outside A-Z, UTF-8 included, are unchanged,
// so the result does not depend on the C locale.
#pragma once

#include <string>
#include <string_view>

namespace zipp::core {

inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace zipp::core
