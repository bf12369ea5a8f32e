// Streaming reader over plain, gzip (.gz) and Zstandard (.zst) files, chosen by the file's magic
// bytes (the extension decides only for an empty or unreadable-header file). Pushshift dumps are
// large .zst files written with a long window (up to 2 GiB), so the zstd decoder allows
// ZSTD_d_windowLogMax 31. Bytes come back decompressed in chunks (read) or as lines (next_line);
// the reader tracks how far it is in the compressed file and in the decompressed stream, so a
// truncated or corrupt file fails with an InputError that names the file and the compressed byte
// offset where decoding stopped.
//
// A plain file can be read over a byte range [begin, end) so that ranks split one big file at
// line boundaries: the range's lines are those that start after byte `begin - 1` (a range that
// starts mid-line skips to the next line), up to and including the line that crosses `end`.
// Ranges [0, a), [a, b), [b, size) therefore read every line of the file exactly once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zipp::graph {

enum class Compression { kPlain, kGzip, kZstd };

// "plain", "gzip", "zstd".
std::string_view compression_name(Compression compression);

// By magic bytes (gzip 1f 8b, zstd 28 b5 2f fd), else by extension (.gz, .zst), else plain.
// IoError when the file cannot be opened.
Compression detect_compression(const std::string& path);

struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;  // exclusive; the line crossing it is read in full
};

class CompressedInput {
 public:
  // Opens `path`; IoError when it cannot be opened. A range is allowed only for plain files
  // (ConfigError otherwise). buffer_bytes is the size of the compressed read buffer.
  explicit CompressedInput(std::string path, std::optional<ByteRange> range = std::nullopt,
                           std::size_t buffer_bytes = std::size_t{1} << 20);
  ~CompressedInput();
  CompressedInput(CompressedInput&&) noexcept;
  CompressedInput& operator=(CompressedInput&&) noexcept;
  CompressedInput(const CompressedInput&) = delete;
  CompressedInput& operator=(const CompressedInput&) = delete;

  // Fills `out` with up to out.size() decompressed bytes; 0 only at the end of the input (or
  // range). For a range, the bytes are exactly those of the range's lines. InputError naming
  // the file and compressed offset for truncated or corrupt compressed data; IoError for a
  // failed read.
  std::size_t read(std::span<char> out);

  // The next line without its '\n' (and without a trailing '\r'); false at the end. The view
  // stays valid until the next call and is followed by at least kLinePadding readable bytes
  // (so a JSON parser that reads ahead, such as simdjson, can parse it in place). A last line
  // without '\n' is still returned.
  bool next_line(std::string_view& line);
  static constexpr std::size_t kLinePadding = 64;

  // 1-based number of the line last returned by next_line, counted from the start of the
  // decompressed stream (for a range: from the range's first line).
  std::int64_t line_number() const;
  // Decompressed byte offset of the first byte of the line last returned by next_line (for a
  // range: the offset in the file, so it names the line whatever the split).
  std::uint64_t line_offset() const;

  const std::string& path() const;
  Compression compression() const;
  // Bytes of the file consumed so far (for a range: counted from the file's start).
  std::uint64_t compressed_offset() const;
  // Decompressed bytes handed out so far (by read or next_line, including newlines; for a
  // range, counted from the range's first line).
  std::uint64_t uncompressed_offset() const;
  // Size of the file on disk.
  std::uint64_t file_size() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace zipp::graph
