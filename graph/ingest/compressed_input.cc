#include "graph/ingest/compressed_input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/check.h"
#include "core/error.h"
#include "core/str.h"

namespace zipp::graph {
namespace {

// Pushshift's dumps since 2020 are written with --long=31: a 2 GiB window.
constexpr int kZstdWindowLogMax = 31;

bool has_suffix(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

int open_or_throw(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw core::IoError(
        core::str("cannot open input file ", core::quoted(path), ": ", std::strerror(errno)));
  }
  return fd;
}

// Reads up to n bytes at offset; short only at the end of the file.
std::size_t pread_full(int fd, const std::string& path, char* dst, std::size_t n,
                       std::uint64_t offset) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, dst + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      throw core::IoError(core::str("cannot read ", core::quoted(path), " at byte offset ",
                                    offset + done, ": ", std::strerror(errno)));
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  return done;
}

}  // namespace

std::string_view compression_name(Compression compression) {
  switch (compression) {
    case Compression::kPlain:
      return "plain";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "unknown";
}

Compression detect_compression(const std::string& path) {
  const int fd = open_or_throw(path);
  unsigned char magic[4] = {0, 0, 0, 0};
  std::size_t got = 0;
  try {
    got = pread_full(fd, path, reinterpret_cast<char*>(magic), sizeof magic, 0);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return Compression::kGzip;
  if (got >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd) {
    return Compression::kZstd;
  }
  // Too short for a magic number: the extension says what the file was meant to be.
  if (got < 4 && has_suffix(path, ".gz")) return Compression::kGzip;
  if (got < 4 && has_suffix(path, ".zst")) return Compression::kZstd;
  return Compression::kPlain;
}

struct CompressedInput::State {
  std::string path;
  Compression compression = Compression::kPlain;
  int fd = -1;
  std::uint64_t file_size = 0;

  // Where the raw bytes come from and how far they go: [file_pos, stop_pos). For a range
  // stop_pos is unknown (searching_stop) until the line crossing the range's end is found.
  std::uint64_t file_pos = 0;
  std::uint64_t stop_pos = 0;
  std::uint64_t range_end = 0;
  bool searching_stop = false;
  bool file_eof = false;

  // Compressed bytes read but not yet decoded: [in_pos, in_len) of in.
  std::vector<char> in;
  std::size_t in_pos = 0;
  std::size_t in_len = 0;
  z_stream zlib{};
  bool zlib_ready = false;
  bool gzip_member_done = false;
  ZSTD_DCtx* zstd = nullptr;
  // ZSTD_decompressStream's last hint: 0 between frames. Starts non-zero: a zstd file holds at
  // least one frame, so an empty one is truncated.
  std::size_t zstd_pending = 1;

  // Decoded bytes not yet handed out: [pos, end) of lines, which has kLinePadding spare bytes.
  std::vector<char> lines;
  std::size_t capacity = 0;
  std::size_t pos = 0;
  std::size_t end = 0;
  bool decoded_eof = false;

  std::uint64_t base_offset = 0;  // decompressed offset of the first byte handed out
  std::uint64_t handed_out = 0;
  std::uint64_t last_line_offset = 0;
  std::int64_t line_number = 0;

  ~State() {
    if (zlib_ready) inflateEnd(&zlib);
    if (zstd != nullptr) ZSTD_freeDCtx(zstd);
    if (fd >= 0) ::close(fd);
  }

  std::uint64_t compressed_offset() const { return file_pos - (in_len - in_pos); }
  std::uint64_t decoded_offset() const { return base_offset + handed_out + (end - pos); }

  [[noreturn]] void fail(std::string_view what, std::string_view detail) const {
    throw core::InputError(core::str(what, " ", compression_name(compression), " input ",
                                     core::quoted(path), " at compressed byte offset ",
                                     compressed_offset(), " of ", file_size, ": ", detail, " (",
                                     decoded_offset(), " bytes decompressed before it)"));
  }

  // Refills `in` from the file when it is empty; sets file_eof at the end.
  void refill_compressed() {
    if (in_pos < in_len || file_eof) return;
    in_len = pread_full(fd, path, in.data(), in.size(), file_pos);
    in_pos = 0;
    file_pos += in_len;
    if (in_len == 0) file_eof = true;
  }

  // The first line start at or after `begin` (0 or just after a '\n' at begin - 1 or later).
  std::uint64_t first_line_start(std::uint64_t begin) {
    if (begin == 0) return 0;
    std::vector<char> chunk(64 * 1024);
    for (std::uint64_t at = begin - 1; at < file_size; at += chunk.size()) {
      const std::size_t got = pread_full(fd, path, chunk.data(), chunk.size(), at);
      const void* newline = std::memchr(chunk.data(), '\n', got);
      if (newline != nullptr) return at + (static_cast<const char*>(newline) - chunk.data()) + 1;
      if (got < chunk.size()) break;
    }
    return file_size;
  }

  std::size_t read_plain(char* dst, std::size_t n) {
    if (file_pos >= stop_pos) return 0;
    n = static_cast<std::size_t>(std::min<std::uint64_t>(n, stop_pos - file_pos));
    const std::uint64_t chunk_start = file_pos;
    std::size_t got = pread_full(fd, path, dst, n, chunk_start);
    if (got == 0) {
      stop_pos = file_pos;  // the file shrank under us; its end is the end
      return 0;
    }
    if (searching_stop && chunk_start + got >= range_end) {
      // The range's last line is the one holding byte range_end - 1: it ends at the next '\n'.
      const std::uint64_t from = std::max(chunk_start, range_end - 1) - chunk_start;
      const void* newline = std::memchr(dst + from, '\n', got - from);
      if (newline != nullptr) {
        stop_pos = chunk_start + (static_cast<const char*>(newline) - dst) + 1;
        searching_stop = false;
        got = static_cast<std::size_t>(stop_pos - chunk_start);
      }
    }
    file_pos += got;
    return got;
  }

  std::size_t read_gzip(char* dst, std::size_t n) {
    zlib.next_out = reinterpret_cast<Bytef*>(dst);
    zlib.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    const uInt wanted = zlib.avail_out;
    while (zlib.avail_out == wanted) {
      refill_compressed();
      const bool no_input = in_pos == in_len;
      if (gzip_member_done) {
        if (no_input) return 0;
        inflateReset(&zlib);  // concatenated gzip members form one stream
        gzip_member_done = false;
      }
      if (no_input) fail("truncated", "the file ends inside a gzip member");
      zlib.next_in = reinterpret_cast<Bytef*>(in.data() + in_pos);
      zlib.avail_in = static_cast<uInt>(in_len - in_pos);
      const int ret = inflate(&zlib, Z_NO_FLUSH);
      in_pos = in_len - zlib.avail_in;
      if (ret == Z_STREAM_END) {
        gzip_member_done = true;
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        fail("corrupt", zlib.msg != nullptr ? zlib.msg : core::str("zlib error ", ret));
      }
    }
    return wanted - zlib.avail_out;
  }

  std::size_t read_zstd(char* dst, std::size_t n) {
    ZSTD_outBuffer out{dst, n, 0};
    while (out.pos == 0) {
      refill_compressed();
      const bool no_input = in_pos == in_len;
      if (no_input && zstd_pending == 0) return 0;
      ZSTD_inBuffer input{in.data(), in_len, in_pos};
      const std::size_t ret = ZSTD_decompressStream(zstd, &out, &input);
      in_pos = input.pos;
      if (ZSTD_isError(ret)) fail("corrupt", ZSTD_getErrorName(ret));
      zstd_pending = ret;
      if (out.pos == 0 && no_input) fail("truncated", "the file ends inside a zstd frame");
    }
    return out.pos;
  }

  std::size_t read_decoded(char* dst, std::size_t n) {
    if (n == 0) return 0;
    switch (compression) {
      case Compression::kPlain:
        return read_plain(dst, n);
      case Compression::kGzip:
        return read_gzip(dst, n);
      case Compression::kZstd:
        return read_zstd(dst, n);
    }
    return 0;
  }

  // Moves the unread tail to the front and decodes more after it; false at the end.
  bool fill_lines() {
    if (decoded_eof) return false;
    if (pos > 0) {
      std::memmove(lines.data(), lines.data() + pos, end - pos);
      end -= pos;
      pos = 0;
    }
    if (end == capacity) {  // one line longer than the buffer
      capacity *= 2;
      lines.resize(capacity + kLinePadding);
    }
    const std::size_t got = read_decoded(lines.data() + end, capacity - end);
    if (got == 0) decoded_eof = true;
    end += got;
    return got > 0;
  }
};

CompressedInput::CompressedInput(std::string path, std::optional<ByteRange> range,
                                 std::size_t buffer_bytes)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.compression = detect_compression(path);
  s.path = std::move(path);
  s.fd = open_or_throw(s.path);
  struct stat info {};
  if (::fstat(s.fd, &info) != 0) {
    throw core::IoError(
        core::str("cannot stat input file ", core::quoted(s.path), ": ", std::strerror(errno)));
  }
  s.file_size = static_cast<std::uint64_t>(info.st_size);
  ::posix_fadvise(s.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  buffer_bytes = std::max<std::size_t>(buffer_bytes, 4096);
  s.capacity = buffer_bytes;
  s.lines.assign(s.capacity + kLinePadding, '\0');
  s.stop_pos = s.file_size;

  if (range.has_value()) {
    ZIPP_CHECK_T(core::ConfigError, s.compression == Compression::kPlain, "input ",
                 core::quoted(s.path), " is ", compression_name(s.compression),
                 "-compressed: only plain files can be read over a byte range");
    ZIPP_CHECK_T(core::ConfigError, range->begin <= range->end, "byte range of ",
                 core::quoted(s.path), " must have begin <= end; found [", range->begin, ", ",
                 range->end, ")");
    const std::uint64_t end = std::min(range->end, s.file_size);
    s.file_pos = s.first_line_start(range->begin);
    s.base_offset = s.file_pos;
    if (s.file_pos >= end) {
      s.stop_pos = s.file_pos;
    } else {
      s.range_end = end;
      s.searching_stop = end < s.file_size;
    }
  } else if (s.compression == Compression::kGzip) {
    s.in.resize(buffer_bytes);
    ZIPP_CHECK(inflateInit2(&s.zlib, 15 + 32) == Z_OK, "cannot start a gzip decoder for ",
               core::quoted(s.path));
    s.zlib_ready = true;
  } else if (s.compression == Compression::kZstd) {
    s.in.resize(buffer_bytes);
    s.zstd = ZSTD_createDCtx();
    ZIPP_CHECK(s.zstd != nullptr, "cannot start a zstd decoder for ", core::quoted(s.path));
    const std::size_t ret = ZSTD_DCtx_setParameter(s.zstd, ZSTD_d_windowLogMax, kZstdWindowLogMax);
    ZIPP_CHECK(!ZSTD_isError(ret), "cannot set the zstd window for ", core::quoted(s.path), ": ",
               ZSTD_getErrorName(ret));
  }
}

CompressedInput::~CompressedInput() = default;
CompressedInput::CompressedInput(CompressedInput&&) noexcept = default;
CompressedInput& CompressedInput::operator=(CompressedInput&&) noexcept = default;

std::size_t CompressedInput::read(std::span<char> out) {
  State& s = *state_;
  std::size_t got = 0;
  if (s.pos < s.end) {
    got = std::min(out.size(), s.end - s.pos);
    std::memcpy(out.data(), s.lines.data() + s.pos, got);
    s.pos += got;
  } else if (!s.decoded_eof) {
    got = s.read_decoded(out.data(), out.size());
    if (got == 0 && !out.empty()) s.decoded_eof = true;
  }
  s.handed_out += got;
  return got;
}

bool CompressedInput::next_line(std::string_view& line) {
  State& s = *state_;
  for (;;) {
    const char* begin = s.lines.data() + s.pos;
    const void* newline = std::memchr(begin, '\n', s.end - s.pos);
    std::size_t length = 0;
    std::size_t consumed = 0;
    if (newline != nullptr) {
      length = static_cast<const char*>(newline) - begin;
      consumed = length + 1;
    } else if (s.fill_lines()) {
      continue;
    } else {
      if (s.pos == s.end) return false;
      begin = s.lines.data() + s.pos;     // fill_lines moved the tail to the front
      length = consumed = s.end - s.pos;  // the last line has no '\n'
    }
    s.last_line_offset = s.base_offset + s.handed_out;
    s.handed_out += consumed;
    s.pos += consumed;
    ++s.line_number;
    if (length > 0 && begin[length - 1] == '\r') --length;
    line = std::string_view(begin, length);
    return true;
  }
}

std::int64_t CompressedInput::line_number() const { return state_->line_number; }
std::uint64_t CompressedInput::line_offset() const { return state_->last_line_offset; }
const std::string& CompressedInput::path() const { return state_->path; }
Compression CompressedInput::compression() const { return state_->compression; }
std::uint64_t CompressedInput::compressed_offset() const { return state_->compressed_offset(); }
std::uint64_t CompressedInput::uncompressed_offset() const { return state_->handed_out; }
std::uint64_t CompressedInput::file_size() const { return state_->file_size; }

}  // namespace zipp::graph
