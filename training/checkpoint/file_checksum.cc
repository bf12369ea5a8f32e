#include "training/checkpoint/file_checksum.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <zlib.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::training {

std::uint32_t crc32_update(std::string_view bytes, std::uint32_t crc) {
  // zlib takes a uInt length: feed it slices that fit.
  constexpr std::size_t kSlice = std::size_t{1} << 30;
  uLong state = crc;
  for (std::size_t offset = 0; offset < bytes.size(); offset += kSlice) {
    const std::size_t length = std::min(kSlice, bytes.size() - offset);
    state = ::crc32(state, reinterpret_cast<const Bytef*>(bytes.data() + offset),
                    static_cast<uInt>(length));
  }
  return static_cast<std::uint32_t>(state);
}

FileDigest digest_file(const std::filesystem::path& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    throw core::IoError(core::str("cannot read ", core::quoted(path.string()), ": ",
                                  std::strerror(errno != 0 ? errno : ENOENT)));
  }
  constexpr std::size_t kChunk = 64 * 1024;
  std::array<char, kChunk> buffer;
  FileDigest digest;
  while (in) {
    in.read(buffer.data(), kChunk);
    const auto got = static_cast<std::size_t>(in.gcount());
    digest.checksum = crc32_update(std::string_view(buffer.data(), got), digest.checksum);
    digest.size += got;
  }
  if (in.bad()) {
    throw core::IoError(core::str("cannot read ", core::quoted(path.string()),
                                  ": read failed after ", digest.size, " bytes"));
  }
  return digest;
}

std::string checksum_hex(std::uint32_t checksum) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(checksum));
  return text;
}

}  // namespace zipp::training
