// A 64-bit value as 16 lower-case hex digits ("00ab..."): the digests in model names, stamps and
// pipeline keys.
#pragma once

#include <cstdint>
#include <string>

namespace zipp::core::text {

inline std::string hex64(std::uint64_t value) {
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) {
    out[static_cast<std::size_t>(i)] = "0123456789abcdef"[value & 15];
  }
  return out;
}

}  // namespace zipp::core::text
