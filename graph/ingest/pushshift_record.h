// One Pushshift NDJSON line (a comment or a submission, docs/ingest.md) parsed into the fields
// ingest needs, or the reason it is malformed. The parser is reused across lines: its buffers
// hold the strings of the last record, so views stay valid until the next parse.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "graph/ingest/pushshift_ingest.h"

namespace zipp::graph {

enum class RecordKind { kComment, kSubmission };

struct PushshiftRecord {
  RecordKind kind = RecordKind::kComment;
  std::string_view author;
  std::string_view subreddit;
  std::int64_t created_utc = 0;
  // Submissions only (empty or false for comments and for absent or null fields).
  std::string_view title;
  std::string_view url;
  std::string_view post_hint;
  bool over_18 = false;
};

// created_utc as Pushshift writes it: an integer, a number with a fraction (rounded down) or a
// string holding either. None for anything else or a value outside int64.
std::optional<std::int64_t> parse_created_utc_text(std::string_view text);

class RecordParser {
 public:
  RecordParser();
  ~RecordParser();
  RecordParser(const RecordParser&) = delete;
  RecordParser& operator=(const RecordParser&) = delete;

  // Parses one line. `line` must be followed by at least CompressedInput::kLinePadding readable
  // bytes (CompressedInput::next_line guarantees it). Returns the reason when the line is not a
  // valid record; `record` is then unspecified.
  std::optional<MalformedReason> parse(std::string_view line, PushshiftRecord& record);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zipp::graph
