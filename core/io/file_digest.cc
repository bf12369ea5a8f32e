#include "core/io/file_digest.h"

#include <cstring>
#include <fstream>
#include <vector>

#include "core/error.h"
#include "core/random/hash.h"
#include "core/str.h"

namespace zipp::core {

std::uint64_t file_digest(const std::filesystem::path& file, std::uint64_t seed) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(str(file.string(), ": cannot read it to compute its digest"));
  std::uint64_t h = seed;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, buffer.data() + i, 8);
      h = mix64(h ^ word);
    }
    for (; i < n; ++i) h = mix64(h ^ static_cast<unsigned char>(buffer[i]));
  }
  return mix64(h ^ static_cast<std::uint64_t>(std::filesystem::file_size(file)));
}

}  // namespace zipp::core
