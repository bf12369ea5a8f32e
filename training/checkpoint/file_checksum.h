// The checksum a checkpoint manifest records for each file (docs/formats.md "Checkpoint"): the
// standard CRC-32 (zlib's, as gzip and zip use) over the file's bytes, read in 64 KiB chunks. It
// detects truncation and flipped bytes at several GB/s and any tool can recompute it (Python's
// zlib.crc32); it is not a cryptographic hash.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace zipp::training {

// The algorithm's name as the manifest writes it.
inline constexpr std::string_view kChecksumAlgorithm = "crc32";

// Continues a CRC-32 over `bytes` from `crc` (0 to start).
std::uint32_t crc32_update(std::string_view bytes, std::uint32_t crc = 0);

struct FileDigest {
  std::uint64_t size = 0;
  std::uint32_t checksum = 0;
};

// Size and checksum of a file's contents; IoError naming the file when it cannot be read.
FileDigest digest_file(const std::filesystem::path& path);

// 8 lower-case hex digits, as the manifest stores a checksum.
std::string checksum_hex(std::uint32_t checksum);

}  // namespace zipp::training
