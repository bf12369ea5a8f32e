// Generated images on disk (docs/formats.md "Images"): 8-bit RGB PNG files, written atomically
// (a reader sees the whole file or none) and read back with every check libpng makes (chunk
// CRCs, the zlib stream, the image data's length), so a truncated or damaged file is told apart
// from a good one. libpng stays out of this header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zipp::generation {

// Pixels row by row, 3 bytes (R, G, B) each: [height, width, 3].
struct RgbImage {
  std::int64_t height = 0;
  std::int64_t width = 0;
  std::vector<std::uint8_t> pixels;
};

// What identifies a file's bytes: their count and CRC-32 (zlib's, as in gzip and PNG chunks).
struct FileDigest {
  std::int64_t bytes = 0;
  std::uint32_t crc32 = 0;

  bool operator==(const FileDigest&) const = default;
};

FileDigest digest_of(std::string_view bytes);

// The PNG encoding of `rgb` ([height, width, 3], height and width >= 1). InputError when the
// sizes disagree.
std::string encode_png(std::span<const std::uint8_t> rgb, std::int64_t height, std::int64_t width);

// Decodes a whole PNG (any colour type and depth libpng reads, converted to 8-bit RGB) and checks
// that the file ends with its IEND chunk. InputError naming `name` (the file) and libpng's reason
// for anything else: a wrong signature, a bad CRC, truncated data.
RgbImage decode_png(std::string_view bytes, std::string_view name);

// Encodes and writes `path` atomically (temporary sibling, fsync, rename); returns the file's
// digest.
FileDigest write_png(const std::filesystem::path& path, std::span<const std::uint8_t> rgb,
                     std::int64_t height, std::int64_t width);

// The file's bytes; IoError when it cannot be read.
std::string read_file_bytes(const std::filesystem::path& path);

// Reads and decodes `path`: IoError when it cannot be read, InputError when it is not a whole PNG.
RgbImage read_png(const std::filesystem::path& path);

}  // namespace zipp::generation
