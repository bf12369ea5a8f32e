// Synthetic Pushshift dumps for the ingest tests: comment and submission records shaped like the
// real ones (nested objects, escapes, non-ASCII text, created_utc as integer, float or string),
// deleted authors, AutoModerator, bots, image posts (some over_18), and malformed lines of every
// kind, written plain, gzip (one or more members) or zstd (one or more frames, any window).
// Records are built with nlohmann::json, independently of the simdjson parser under test.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace zipp::graph::testing {

struct DumpOptions {
  std::uint64_t seed = 1;
  int users = 60;
  int subreddits = 12;
  int comments = 1500;
  int submissions = 400;
  // Share of records replaced by a malformed line, cycling through every kind of fault.
  double malformed_fraction = 0.0;
  double blank_line_fraction = 0.01;  // empty or whitespace-only lines, which are not records
  int body_bytes = 60;                // mean length of comment bodies
};

// Bots the generated dumps use; the bot list in tests names them in other letter cases.
inline const std::vector<std::string> kGeneratedBots = {"RemindMeBot", "helper-bot_3"};

struct Dump {
  std::vector<std::string> lines;
  // Malformed lines injected, by MalformedReason (graph/ingest/pushshift_ingest.h) order.
  std::array<std::int64_t, 6> malformed{};
  std::vector<std::size_t> malformed_lines;  // indices into lines
};

Dump generate_dump(const DumpOptions& options);

std::string joined(const std::vector<std::string>& lines);  // each line ended by '\n'

void write_plain(const std::filesystem::path& path, const std::string& text);
// `members` gzip members concatenated (what pigz and `cat a.gz b.gz` produce).
void write_gzip(const std::filesystem::path& path, const std::string& text, int members = 1);

struct ZstdOptions {
  int level = 3;
  int window_log = 0;  // 0: the library's default
  bool long_distance = false;
  int frames = 1;
  bool pledge_size = true;  // false: the frame header holds no content size
};
void write_zstd(const std::filesystem::path& path, const std::string& text,
                const ZstdOptions& options = {});

std::string read_file(const std::filesystem::path& path);

}  // namespace zipp::graph::testing
