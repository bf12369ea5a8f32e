// CompressedInput: plain, gzip and zstd streams give the same lines; long zstd windows decode;
// truncated and corrupt input fails naming the file and offset; byte ranges split a file at line
// boundaries so every line is read exactly once.
#include "graph/ingest/compressed_input.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zstd.h>

#include "core/error.h"
#include "tests/graph/ingest/pushshift_dump.h"

namespace zipp::graph {
namespace {

namespace fs = std::filesystem;
using testing::DumpOptions;

class CompressedInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zipp_compressed_input_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

std::vector<std::string> all_lines(const std::string& path, std::optional<ByteRange> range = {},
                                   std::size_t buffer = std::size_t{1} << 20) {
  CompressedInput input(path, range, buffer);
  std::vector<std::string> lines;
  std::string_view line;
  while (input.next_line(line)) lines.emplace_back(line);
  return lines;
}

std::string all_bytes(const std::string& path, std::optional<ByteRange> range = {}) {
  CompressedInput input(path, range, 4096);
  std::string out;
  std::vector<char> chunk(777);
  while (const std::size_t got = input.read(chunk)) out.append(chunk.data(), got);
  return out;
}

// The message of the InputError reading `path` throws; "" when it throws none.
std::string read_error(const std::string& path, std::int64_t* lines_before = nullptr) {
  try {
    CompressedInput input(path, std::nullopt, 4096);
    std::string_view line;
    std::int64_t lines = 0;
    while (input.next_line(line)) ++lines;
    if (lines_before != nullptr) *lines_before = lines;
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "";
}

TEST_F(CompressedInputTest, PlainGzipAndZstdGiveTheSameLines) {
  testing::Dump dump = testing::generate_dump(DumpOptions{.seed = 3});
  dump.lines.push_back(std::string(20000, 'x'));  // longer than the smallest buffer
  dump.lines.push_back("crlf line\r");
  const std::string text = testing::joined(dump.lines);
  testing::write_plain(path("a.ndjson"), text);
  testing::write_gzip(path("a.ndjson.gz"), text, 3);
  testing::write_zstd(path("a.ndjson.zst"), text, {.frames = 2, .pledge_size = false});
  std::vector<std::string> expected = dump.lines;
  expected.back() = "crlf line";
  for (const char* name : {"a.ndjson", "a.ndjson.gz", "a.ndjson.zst"}) {
    for (const std::size_t buffer : {std::size_t{4096}, std::size_t{1} << 20}) {
      EXPECT_EQ(all_lines(path(name), std::nullopt, buffer), expected) << name << " " << buffer;
    }
    EXPECT_EQ(all_bytes(path(name)), text) << name;
  }
  EXPECT_EQ(CompressedInput(path("a.ndjson")).compression(), Compression::kPlain);
  EXPECT_EQ(CompressedInput(path("a.ndjson.gz")).compression(), Compression::kGzip);
  EXPECT_EQ(CompressedInput(path("a.ndjson.zst")).compression(), Compression::kZstd);
}

TEST_F(CompressedInputTest, OffsetsCountLinesAndBytes) {
  const std::string text = "{\"a\":1}\n\nsecond\nlast without newline";
  testing::write_zstd(path("o.zst"), text);
  CompressedInput input(path("o.zst"));
  std::string_view line;
  std::vector<std::uint64_t> offsets;
  while (input.next_line(line)) offsets.push_back(input.line_offset());
  EXPECT_EQ(offsets, (std::vector<std::uint64_t>{0, 8, 9, 16}));
  EXPECT_EQ(input.line_number(), 4);
  EXPECT_EQ(input.uncompressed_offset(), text.size());
  EXPECT_EQ(input.compressed_offset(), input.file_size());
}

TEST_F(CompressedInputTest, MagicBytesDecideOverTheExtension) {
  const std::string text = "{\"x\":1}\n{\"x\":2}\n";
  testing::write_zstd(path("really_zstd.ndjson"), text);
  testing::write_gzip(path("really_gzip.zst"), text);
  testing::write_plain(path("really_plain.gz"), text);
  EXPECT_EQ(detect_compression(path("really_zstd.ndjson")), Compression::kZstd);
  EXPECT_EQ(detect_compression(path("really_gzip.zst")), Compression::kGzip);
  EXPECT_EQ(detect_compression(path("really_plain.gz")), Compression::kPlain);
  for (const char* name : {"really_zstd.ndjson", "really_gzip.zst", "really_plain.gz"}) {
    EXPECT_EQ(all_bytes(path(name)), text) << name;
  }
}

TEST_F(CompressedInputTest, LongWindowZstdDecodes) {
  // A 2^28 window with long-distance matching and no content size in the header: past zstd's
  // default decoder limit (2^27), as Pushshift's --long=31 dumps are.
  const testing::Dump dump = testing::generate_dump(DumpOptions{.seed = 5, .comments = 3000});
  const std::string text = testing::joined(dump.lines);
  testing::write_zstd(path("long.zst"),
                      text + text,  // a repeat far back, for the long-distance matcher
                      {.level = 5, .window_log = 28, .long_distance = true, .pledge_size = false});
  const std::string compressed = testing::read_file(path("long.zst"));
  // A decoder with the default limit refuses this frame, so the test exercises the limit.
  ZSTD_DCtx* plain_decoder = ZSTD_createDCtx();
  std::string out(1 << 16, '\0');
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  bool refused = false;
  while (!refused && in.pos < in.size) {
    ZSTD_outBuffer chunk{out.data(), out.size(), 0};
    refused = ZSTD_isError(ZSTD_decompressStream(plain_decoder, &chunk, &in));
  }
  EXPECT_TRUE(refused);
  ZSTD_freeDCtx(plain_decoder);
  EXPECT_EQ(all_bytes(path("long.zst")), text + text);
}

TEST_F(CompressedInputTest, TruncatedZstdNamesTheFileAndOffset) {
  const testing::Dump dump = testing::generate_dump(DumpOptions{.seed = 7});
  testing::write_zstd(path("t.zst"), testing::joined(dump.lines), {.level = 1});
  const std::string bytes = testing::read_file(path("t.zst"));
  testing::write_plain(path("cut.zst"), bytes.substr(0, bytes.size() / 2));
  const std::string message = read_error(path("cut.zst"));
  EXPECT_NE(message.find("truncated zstd input '" + path("cut.zst") + "'"), std::string::npos)
      << message;
  EXPECT_NE(message.find("at compressed byte offset " + std::to_string(bytes.size() / 2)),
            std::string::npos)
      << message;
}

TEST_F(CompressedInputTest, TruncatedGzipNamesTheFileAndOffset) {
  const testing::Dump dump = testing::generate_dump(DumpOptions{.seed = 8});
  testing::write_gzip(path("t.gz"), testing::joined(dump.lines));
  const std::string bytes = testing::read_file(path("t.gz"));
  testing::write_plain(path("cut.gz"), bytes.substr(0, bytes.size() - 20));
  const std::string message = read_error(path("cut.gz"));
  EXPECT_NE(message.find("truncated gzip input '" + path("cut.gz") + "'"), std::string::npos)
      << message;
  EXPECT_NE(message.find("compressed byte offset " + std::to_string(bytes.size() - 20)),
            std::string::npos)
      << message;
}

TEST_F(CompressedInputTest, CorruptInputNamesTheFileAndOffset) {
  const testing::Dump dump = testing::generate_dump(DumpOptions{.seed = 9});
  const std::string text = testing::joined(dump.lines);
  testing::write_zstd(path("c.zst"), text, {.level = 1});
  testing::write_gzip(path("c.gz"), text);
  for (const char* name : {"c.zst", "c.gz"}) {
    std::string bytes = testing::read_file(path(name));
    const std::size_t middle = bytes.size() / 2;
    for (std::size_t i = middle; i < middle + 200; ++i) bytes[i] = static_cast<char>(0xA5 ^ i);
    testing::write_plain(path(std::string("bad_") + name), bytes);
    const std::string message = read_error(path(std::string("bad_") + name));
    EXPECT_NE(message.find("corrupt"), std::string::npos) << message;
    EXPECT_NE(message.find("'" + path(std::string("bad_") + name) + "' at compressed byte offset"),
              std::string::npos)
        << message;
  }
}

TEST_F(CompressedInputTest, EmptyCompressedFilesAreTruncated) {
  testing::write_plain(path("empty.zst"), "");
  testing::write_plain(path("empty.gz"), "");
  testing::write_plain(path("empty.ndjson"), "");
  EXPECT_NE(read_error(path("empty.zst")).find("truncated zstd"), std::string::npos);
  EXPECT_NE(read_error(path("empty.gz")).find("truncated gzip"), std::string::npos);
  EXPECT_TRUE(all_lines(path("empty.ndjson")).empty());
}

TEST_F(CompressedInputTest, MissingFileIsAnIoError) {
  EXPECT_THROW(CompressedInput(path("missing.zst")), core::IoError);
}

TEST_F(CompressedInputTest, RangesOnlyForPlainFiles) {
  testing::write_zstd(path("r.zst"), "{}\n");
  EXPECT_THROW(CompressedInput(path("r.zst"), ByteRange{0, 1}), core::ConfigError);
}

// Every split point of a small file: the two ranges' lines are the file's lines, once each, with
// their true offsets; read() gives exactly the range's bytes.
TEST_F(CompressedInputTest, ByteRangesSplitAtLineBoundaries) {
  for (const std::string& text :
       {std::string("ab\n\ncdef\ng\nhij\n"), std::string("ab\ncd\nlast")}) {
    testing::write_plain(path("r.ndjson"), text);
    const std::vector<std::string> whole = all_lines(path("r.ndjson"));
    for (std::uint64_t split = 0; split <= text.size(); ++split) {
      std::vector<std::string> lines = all_lines(path("r.ndjson"), ByteRange{0, split});
      const std::vector<std::string> rest =
          all_lines(path("r.ndjson"), ByteRange{split, text.size()});
      lines.insert(lines.end(), rest.begin(), rest.end());
      EXPECT_EQ(lines, whole) << "split at " << split;
      EXPECT_EQ(all_bytes(path("r.ndjson"), ByteRange{0, split}) +
                    all_bytes(path("r.ndjson"), ByteRange{split, text.size() + 5}),
                text)
          << "split at " << split;
      CompressedInput input(path("r.ndjson"), ByteRange{split, text.size()});
      std::string_view line;
      while (input.next_line(line)) {
        EXPECT_EQ(text.substr(input.line_offset(), line.size()), line);
        EXPECT_TRUE(input.line_offset() == 0 || text[input.line_offset() - 1] == '\n');
        EXPECT_GE(input.line_offset(), split);
      }
    }
  }
}

TEST_F(CompressedInputTest, ManyRangesOfAGeneratedDumpReadEveryLineOnce) {
  const testing::Dump dump = testing::generate_dump(DumpOptions{.seed = 11});
  const std::string text = testing::joined(dump.lines);
  testing::write_plain(path("d.ndjson"), text);
  for (const std::uint64_t parts : {2, 3, 7, 50}) {
    std::vector<std::string> lines;
    for (std::uint64_t i = 0; i < parts; ++i) {
      const std::vector<std::string> part =
          all_lines(path("d.ndjson"),
                    ByteRange{text.size() * i / parts, text.size() * (i + 1) / parts}, 4096);
      lines.insert(lines.end(), part.begin(), part.end());
    }
    EXPECT_EQ(lines, dump.lines) << parts << " parts";
  }
}

}  // namespace
}  // namespace zipp::graph
