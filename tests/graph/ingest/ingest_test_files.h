// Small input files for the ingest tests: text files and hand-made .npy files (any version,
// dtype and header), written byte by byte so the reader is tested against the format, not
// against a writer of our own.
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace zipp::graph::testing {

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A .npy file: magic, version, header length (2 bytes for v1, 4 for v2/v3), the header dict
// padded with spaces to a multiple of 64 bytes and ended by '\n', then `data`.
inline void write_npy(const std::filesystem::path& path, const std::string& dict,
                      const std::string& data, int major = 1) {
  const std::size_t preamble = major == 1 ? 10 : 12;
  std::string header = dict;
  while ((preamble + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += static_cast<char>(major);
  bytes += '\0';
  const auto length = static_cast<std::uint32_t>(header.size());
  for (std::size_t i = 0; i < (major == 1 ? 2U : 4U); ++i) {
    bytes += static_cast<char>((length >> (8 * i)) & 0xFF);
  }
  write_text(path, bytes + header + data);
}

template <typename T>
std::string raw_bytes(const std::vector<T>& values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

}  // namespace zipp::graph::testing
