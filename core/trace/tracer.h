// Per-rank Chrome tracing: scoped timers record complete events ("ph":"X", microseconds) into
// per-thread buffers, and Tracer::write() saves them as one Chrome trace JSON file per rank
// (pid = rank, tid = a small per-thread index, named threads). Load it in chrome://tracing or
// Perfetto; `zipp trace merge` (core/trace/merge.h) combines the rank files.
//
// Tracing is off until enable() is called; a disabled ZIPP_TRACE_SCOPE costs one relaxed load and
// a branch, so timers can stay in hot loops. Recording is thread-safe: each thread appends to its
// own buffer, and sampler threads trace concurrently with the main thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace zipp::core::trace {

// What a span of time was spent on; `zipp trace merge` reports time per category per rank.
enum class Category { kCompute, kCommunication, kSampling, kIo, kOther };

// "compute", "communication", "sampling", "io", "other": the "cat" field of an event.
std::string_view category_name(Category category);

namespace detail {
inline std::atomic<bool> g_enabled{false};
}  // namespace detail

inline bool tracing_enabled() { return detail::g_enabled.load(std::memory_order_relaxed); }

class Tracer {
 public:
  // The process-wide tracer.
  static Tracer& instance();

  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  // Starts recording; events carry pid = rank.
  void enable(int rank);
  // Stops recording; events recorded so far are kept until clear().
  void disable();
  int rank() const { return rank_.load(std::memory_order_relaxed); }

  // Names the calling thread in the trace ("M" thread_name metadata). Works enabled or not.
  void set_thread_name(std::string name);

  // Microseconds since the process epoch on a steady clock: the time base of every event.
  static double now_us();

  // Records a complete event on the calling thread's buffer (no-op when disabled).
  void complete(std::string_view name, Category category, double start_us, double duration_us);
  // Records a counter sample ("ph":"C"): a value that Chrome plots over time (no-op when disabled).
  void counter(std::string_view name, double value);

  // Events recorded so far, over all threads (metadata not counted).
  std::size_t event_count() const;
  // Drops recorded events; thread names and indices are kept.
  void clear();

  // The whole trace as Chrome trace JSON:
  //   {"traceEvents":[...], "displayTimeUnit":"ms", "otherData":{"rank":R, ...}}
  std::string to_json() const;
  // Writes to_json() to path atomically (temporary sibling, fsync, rename). Throws IoError.
  void write(const std::filesystem::path& path) const;

 private:
  Tracer() = default;
  std::atomic<int> rank_{0};
};

// Times the enclosing scope as a complete event when tracing is enabled at construction.
class ScopedTrace {
 public:
  ScopedTrace(std::string_view name, Category category) {
    if (tracing_enabled()) [[unlikely]] {
      start(name, category);
    }
  }
  ~ScopedTrace() {
    if (active_) [[unlikely]] {
      stop();
    }
  }
  ScopedTrace(const ScopedTrace&) = delete;
  ScopedTrace& operator=(const ScopedTrace&) = delete;

 private:
  void start(std::string_view name, Category category);
  void stop();

  bool active_ = false;
  Category category_ = Category::kOther;
  double start_us_ = 0;
  // Owned, so a name built on the fly (str("layer", i)) outlives its temporary.
  std::string name_;
};

}  // namespace zipp::core::trace

#define ZIPP_TRACE_CONCAT_INNER(a, b) a##b
#define ZIPP_TRACE_CONCAT(a, b) ZIPP_TRACE_CONCAT_INNER(a, b)
// ZIPP_TRACE_SCOPE("forward", kCompute): time the rest of the enclosing scope.
#define ZIPP_TRACE_SCOPE(name, category)                                           \
  ::zipp::core::trace::ScopedTrace ZIPP_TRACE_CONCAT(zipp_trace_scope_, __LINE__)( \
      name, ::zipp::core::trace::Category::category)
