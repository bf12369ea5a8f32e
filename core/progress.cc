#include "core/progress.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <unistd.h>

#include "core/log.h"
#include "core/str.h"

namespace zipp::core {
namespace {

// How often advance() reads the clock: about this many times per report period at the recent
// rate, so a report is late by a fraction of a period at most while the rate holds.
constexpr double kChecksPerPeriod = 8.0;

std::string printf_string(const char* format, auto... args) {
  char text[128];
  std::snprintf(text, sizeof text, format, args...);
  return text;
}

ProgressDisplay resolve_display(ProgressDisplay requested) {
  if (requested == ProgressDisplay::kNone || !log_enabled(LogLevel::kInfo)) {
    return ProgressDisplay::kNone;
  }
  if (requested != ProgressDisplay::kAuto) return requested;
  return ::isatty(STDERR_FILENO) == 1 ? ProgressDisplay::kBar : ProgressDisplay::kLog;
}

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string percent(std::int64_t done, std::int64_t total) {
  return printf_string("%.1f%%", 100.0 * static_cast<double>(done) / static_cast<double>(total));
}

// "1.20M/5.00M records" or "1.20M records".
std::string amount(std::int64_t done, std::int64_t total, std::string_view unit) {
  if (total > 0) return str(format_count(done), "/", format_count(total), " ", unit);
  return str(format_count(done), " ", unit);
}

std::string rate(double per_s, std::string_view unit) {
  return str(format_human(per_s), " ", unit, "/s");
}

// ", 350k records/s, ETA 11s": what is known of the rate and the time left.
std::string rate_and_eta(const ProgressSnapshot& s, std::string_view unit) {
  std::string out;
  if (s.rate_per_s > 0) out += str(", ", rate(s.rate_per_s, unit));
  if (const auto eta = eta_seconds(s.done, s.total, s.rate_per_s)) {
    out += str(", ETA ", format_duration(*eta));
  }
  return out;
}

}  // namespace

std::string format_human(double value) {
  if (!std::isfinite(value)) return "?";
  if (value < 0) return str("-", format_human(-value));
  if (value == 0) return "0";
  static constexpr std::array<const char*, 6> kSuffixes = {"", "k", "M", "G", "T", "P"};
  std::size_t power = 0;
  double scaled = value;
  // 999.5 would print as 1000 with no decimals: move up to 1.00k instead.
  while (scaled >= 999.5 && power + 1 < kSuffixes.size()) {
    scaled /= 1000.0;
    ++power;
  }
  const int decimals = scaled >= 99.95 ? 0 : scaled >= 9.995 ? 1 : 2;
  return printf_string("%.*f%s", decimals, scaled, kSuffixes[power]);
}

std::string format_count(std::int64_t count) {
  if (count > -1000 && count < 1000) return str(count);
  return format_human(static_cast<double>(count));
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  if (seconds < 9.95) return printf_string("%.1fs", seconds);
  const auto total = static_cast<long long>(std::llround(seconds));
  if (total < 60) return printf_string("%llds", total);
  if (total < 3600) return printf_string("%lldm%02llds", total / 60, total % 60);
  if (total < 86400) return printf_string("%lldh%02lldm", total / 3600, total % 3600 / 60);
  return printf_string("%lldd%02lldh", total / 86400, total % 86400 / 3600);
}

std::optional<double> eta_seconds(std::int64_t done, std::int64_t total, double rate_per_s) {
  if (total <= 0 || !(rate_per_s > 0) || !std::isfinite(rate_per_s)) return std::nullopt;
  const std::int64_t remaining = std::max<std::int64_t>(total - done, 0);
  return static_cast<double>(remaining) / rate_per_s;
}

std::string format_progress_line(std::string_view what, std::string_view unit,
                                 const ProgressSnapshot& snapshot) {
  std::string out = str(what, ": ", amount(snapshot.done, snapshot.total, unit));
  if (snapshot.total > 0) out += str(" (", percent(snapshot.done, snapshot.total), ")");
  return out + rate_and_eta(snapshot, unit);
}

std::string format_progress_bar(std::string_view what, std::string_view unit,
                                const ProgressSnapshot& snapshot, int width) {
  if (snapshot.total <= 0) {
    return str(what, " ", amount(snapshot.done, 0, unit), rate_and_eta(snapshot, unit),
               ", elapsed ", format_duration(snapshot.elapsed_s));
  }
  const double fraction = std::clamp(
      static_cast<double>(snapshot.done) / static_cast<double>(snapshot.total), 0.0, 1.0);
  const int filled = static_cast<int>(fraction * width);
  const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                          std::string(static_cast<std::size_t>(std::max(width - filled, 0)), '-');
  return str(what, " [", bar, "] ",
             printf_string("%6s", percent(snapshot.done, snapshot.total).c_str()), " ",
             amount(snapshot.done, snapshot.total, unit), rate_and_eta(snapshot, unit));
}

std::string format_progress_done(std::string_view what, std::string_view unit,
                                 const ProgressSnapshot& snapshot) {
  const std::int64_t shown_total = snapshot.done == snapshot.total ? 0 : snapshot.total;
  std::string out = str(what, ": done, ", amount(snapshot.done, shown_total, unit), " in ",
                        format_duration(snapshot.elapsed_s));
  if (snapshot.elapsed_s > 0) {
    out += str(", ", rate(static_cast<double>(snapshot.done) / snapshot.elapsed_s, unit));
  }
  return out;
}

Progress::Progress(std::string what, std::int64_t total, ProgressOptions options)
    : what_(std::move(what)),
      total_(std::max<std::int64_t>(total, 0)),
      options_(std::move(options)),
      display_(resolve_display(options_.display)),
      period_s_(display_ == ProgressDisplay::kBar ? options_.bar_interval_s : options_.interval_s),
      start_ns_(steady_ns()),
      next_report_s_(period_s_) {
  if (display_ == ProgressDisplay::kNone) {
    next_check_.store(std::numeric_limits<std::int64_t>::max(), std::memory_order_relaxed);
  }
}

Progress::~Progress() {
  std::lock_guard lock(mutex_);
  if (bar_length_ > 0) std::fputs("\n", stderr);
}

double Progress::seconds_since_start() const {
  return static_cast<double>(steady_ns() - start_ns_) * 1e-9;
}

void Progress::check(std::int64_t done) {
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;  // another thread is reporting
  const double now_s = seconds_since_start();
  const double since_check_s = now_s - last_check_s_;
  const double rate_per_s =
      since_check_s > 0 ? static_cast<double>(done - last_check_done_) / since_check_s : 0.0;
  // At most double the stride per check: a rate measured over a few items in a few microseconds
  // must not push the next check hours away.
  const double target = rate_per_s * period_s_ / kChecksPerPeriod;
  check_stride_ = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::min(target, 1e18)), 1,
                                           2 * check_stride_);
  next_check_.store(done + check_stride_, std::memory_order_relaxed);
  last_check_s_ = now_s;
  last_check_done_ = done;
  if (now_s >= next_report_s_) {
    report(done, now_s);
    next_report_s_ = now_s + period_s_;
  }
}

void Progress::report(std::int64_t done, double now_s) {
  const double window_s = now_s - last_report_s_;
  ProgressSnapshot snapshot{done, total_, 0.0, now_s};
  if (window_s > 0) snapshot.rate_per_s = static_cast<double>(done - last_report_done_) / window_s;
  last_report_s_ = now_s;
  last_report_done_ = done;
  if (display_ == ProgressDisplay::kBar) {
    draw_bar(format_progress_bar(what_, options_.unit, snapshot, options_.bar_width));
  } else {
    ZIPP_LOG_INFO(format_progress_line(what_, options_.unit, snapshot));
  }
}

void Progress::draw_bar(const std::string& text) {
  // Pad over what the previous, longer draw left on the line.
  std::string line = str('\r', text);
  if (text.size() < bar_length_) line += std::string(bar_length_ - text.size(), ' ');
  bar_length_ = std::max<std::size_t>(text.size(), 1);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  next_check_.store(std::numeric_limits<std::int64_t>::max(), std::memory_order_relaxed);
  if (bar_length_ > 0) {
    const std::string erase = str('\r', std::string(bar_length_, ' '), '\r');
    std::fwrite(erase.data(), 1, erase.size(), stderr);
    bar_length_ = 0;
  }
  if (display_ == ProgressDisplay::kNone) return;
  const ProgressSnapshot snapshot{done(), total_, 0.0, seconds_since_start()};
  ZIPP_LOG_INFO(format_progress_done(what_, options_.unit, snapshot));
}

}  // namespace zipp::core
