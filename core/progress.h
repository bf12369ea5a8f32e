// Progress of a long loop (ingest, partitioning, embedding, generation): count, rate and ETA.
// On a terminal rank 0 redraws a bar on stderr; otherwise (a batch job's log file) it writes a
// log line every interval:
//   ingest: 1.20M/5.00M records (24.0%), 350k records/s, ETA 11s
// and finish() logs the total, elapsed time and mean rate. advance() is cheap enough for
// per-record calls from several threads: an atomic add, and a clock read only every so often.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace zipp::core {

enum class ProgressDisplay {
  kAuto,  // a bar when stderr is a terminal, log lines otherwise
  kBar,
  kLog,
  kNone,
};

struct ProgressOptions {
  std::string unit = "items";   // what is counted: "records", "edges", "images"
  double interval_s = 10.0;     // between log lines
  double bar_interval_s = 0.2;  // between redraws of the bar
  ProgressDisplay display = ProgressDisplay::kAuto;
  int bar_width = 24;  // cells between the brackets
};

// Where a loop stands; the input of the formatting functions below.
struct ProgressSnapshot {
  std::int64_t done = 0;
  std::int64_t total = 0;  // 0: unknown
  double rate_per_s = 0;   // recent rate; 0 when not known yet
  double elapsed_s = 0;
};

// Three significant digits with a k / M / G / T / P suffix: 1.20M, 350k, 35.0, 0.50, 0.
std::string format_human(double value);
// Exact below 1000 (999), format_human above (1.00k).
std::string format_count(std::int64_t count);
// 0.4s, 11s, 3m05s, 2h03m, 1d04h; "?" for a negative or non-finite time.
std::string format_duration(double seconds);
// Seconds left at rate_per_s; none when the total or the rate is unknown.
std::optional<double> eta_seconds(std::int64_t done, std::int64_t total, double rate_per_s);

// "ingest: 1.20M/5.00M records (24.0%), 350k records/s, ETA 11s"; without a total
// "ingest: 1.20M records, 350k records/s".
std::string format_progress_line(std::string_view what, std::string_view unit,
                                 const ProgressSnapshot& snapshot);
// "ingest [#####-------------------]  24.0% 1.20M/5.00M records, 350k records/s, ETA 11s";
// without a total "ingest 1.20M records, 350k records/s, elapsed 3.4s".
std::string format_progress_bar(std::string_view what, std::string_view unit,
                                const ProgressSnapshot& snapshot, int width);
// "ingest: done, 5.00M records in 14s, 357k records/s" (done/total when they differ).
std::string format_progress_done(std::string_view what, std::string_view unit,
                                 const ProgressSnapshot& snapshot);

class Progress {
 public:
  // total 0: unknown (no percentage or ETA).
  Progress(std::string what, std::int64_t total, ProgressOptions options = {});
  // Ends a drawn bar's line; logs nothing (a loop left by an exception is not "done").
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::int64_t n = 1) {
    const std::int64_t done = done_.fetch_add(n, std::memory_order_relaxed) + n;
    if (done >= next_check_.load(std::memory_order_relaxed)) [[unlikely]] {
      check(done);
    }
  }
  // Logs the final line once; later calls do nothing.
  void finish();

  std::int64_t done() const { return done_.load(std::memory_order_relaxed); }
  // What this rank shows: kBar, kLog or kNone (kAuto resolved; kNone off rank 0).
  ProgressDisplay display() const { return display_; }

 private:
  void check(std::int64_t done);
  void report(std::int64_t done, double now_s);
  void draw_bar(const std::string& text);
  double seconds_since_start() const;

  const std::string what_;
  const std::int64_t total_;
  const ProgressOptions options_;
  const ProgressDisplay display_;
  const double period_s_;  // between reports in the resolved display
  const std::int64_t start_ns_;

  std::atomic<std::int64_t> done_{0};
  std::atomic<std::int64_t> next_check_{0};

  std::mutex mutex_;  // the fields below
  bool finished_ = false;
  double last_check_s_ = 0;
  std::int64_t last_check_done_ = 0;
  std::int64_t check_stride_ = 1;  // items between clock reads
  double next_report_s_;
  double last_report_s_ = 0;
  std::int64_t last_report_done_ = 0;
  std::size_t bar_length_ = 0;  // characters drawn on the bar line; 0 when none
};

}  // namespace zipp::core
