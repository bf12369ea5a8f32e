// What a line-oriented input reader (edge lists, subreddit metadata, the GML network) saw, per
// file: records read, malformed records counted by reason, and the first few examples named by
// file:line so a summary points at them. Bad input never passes silently: every reader counts into
// one of these, and check_malformed_limit fails the job when a file's malformed share is too
// high.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace zipp::graph {

struct ReadFileReport {
  std::string path;
  std::int64_t records = 0;  // records read (data lines; a header is not one)
  std::int64_t malformed = 0;
  std::map<std::string, std::int64_t> malformed_by_reason;
  std::vector<std::string> examples;  // "file:line: reason: detail", the first few
};

class ReadReport {
 public:
  static constexpr std::size_t kMaxExamples = 5;

  // Starts counting a new file; later calls count into it.
  void begin_file(std::string path);
  void count_record() { ++current().records; }
  // One malformed record of the current file at `line` (1-based; 0 when lines do not apply).
  void add_malformed(std::int64_t line, std::string_view reason, std::string_view detail);

  std::int64_t records() const;
  std::int64_t malformed() const;
  double malformed_fraction() const;
  // Summed over files.
  std::map<std::string, std::int64_t> malformed_by_reason() const;
  const std::vector<ReadFileReport>& files() const { return files_; }

  // "3 of 120 records malformed (2.50%): bad_count 2, wrong_field_count 1; first:
  //  edges.tsv:4: bad_count: ..." and the per-file figures; "" when nothing was malformed.
  std::string malformed_summary() const;

 private:
  ReadFileReport& current();

  std::vector<ReadFileReport> files_;
};

// InputError when more than `max_fraction` of the records of any one file were malformed (as
// Pushshift ingest counts them), naming those files and `key` (the configuration key of the
// limit) and summarising the reasons and first examples.
void check_malformed_limit(const ReadReport& report, double max_fraction, std::string_view key);

}  // namespace zipp::graph
