#include "core/trace/tracer.h"

#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "core/io/atomic_file.h"
#include "core/log.h"
#include "core/str.h"
#include "core/trace/json_text.h"

namespace zipp::core::trace {
namespace {

using Clock = std::chrono::steady_clock;

// A thread keeps at most this many events (about 80 MB); later ones are counted as dropped so a
// forgotten timer in a tight loop cannot exhaust memory on a long run.
constexpr std::size_t kMaxEventsPerThread = std::size_t{1} << 20;

constexpr std::array<std::string_view, 5> kCategoryNames = {"compute", "communication", "sampling",
                                                            "io", "other"};

struct Epoch {
  Clock::time_point steady;
  std::int64_t unix_us;
};

const Epoch& epoch() {
  static const Epoch value{Clock::now(), std::chrono::duration_cast<std::chrono::microseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count()};
  return value;
}
// Fix the epoch at start-up rather than at the first traced event.
[[maybe_unused]] const Epoch& g_epoch_at_start = epoch();

struct Event {
  std::string name;
  double ts_us;
  double dur_us;  // complete events
  double value;   // counter events
  Category category;
  char phase;  // 'X' complete, 'C' counter
};

struct ThreadBuffer {
  int tid = 0;
  std::mutex mutex;
  std::string name;
  std::vector<Event> events;
  std::size_t dropped = 0;
};

// Buffers live as long as the process, so events of threads that have exited are still written.
struct Registry {
  std::mutex mutex;
  std::vector<std::unique_ptr<ThreadBuffer>> buffers;
};

Registry& registry() {
  static auto* value = new Registry();  // never destroyed: threads may trace during exit
  return *value;
}

thread_local ThreadBuffer* t_buffer = nullptr;

ThreadBuffer& this_thread_buffer() {
  if (t_buffer == nullptr) {
    Registry& reg = registry();
    std::lock_guard lock(reg.mutex);
    reg.buffers.push_back(std::make_unique<ThreadBuffer>());
    reg.buffers.back()->tid = static_cast<int>(reg.buffers.size());
    t_buffer = reg.buffers.back().get();
  }
  return *t_buffer;
}

void append(ThreadBuffer& buffer, Event event) {
  std::lock_guard lock(buffer.mutex);
  if (buffer.events.size() >= kMaxEventsPerThread) {
    if (buffer.dropped++ == 0) {
      ZIPP_LOG_ONE(kWarn, "trace: thread ", buffer.tid, " reached ", kMaxEventsPerThread,
                   " events; later events are dropped");
    }
    return;
  }
  buffer.events.push_back(std::move(event));
}

void append_metadata(std::string& out, std::string_view kind, int pid, int tid,
                     std::string_view name) {
  out += str("{\"name\":\"", kind, "\",\"ph\":\"M\",\"pid\":", pid, ",\"tid\":", tid,
             ",\"args\":{\"name\":");
  append_json_string(out, name);
  out += "}}";
}

void append_event(std::string& out, const Event& event, int pid, int tid) {
  out += "{\"name\":";
  append_json_string(out, event.name);
  if (event.phase == 'X') {
    out += str(",\"cat\":\"", category_name(event.category), "\",\"ph\":\"X\",\"ts\":");
    append_json_micros(out, event.ts_us);
    out += ",\"dur\":";
    append_json_micros(out, event.dur_us);
  } else {
    out += ",\"ph\":\"C\",\"ts\":";
    append_json_micros(out, event.ts_us);
  }
  out += str(",\"pid\":", pid, ",\"tid\":", tid);
  if (event.phase == 'C') {
    out += ",\"args\":{\"value\":";
    append_json_number(out, event.value);
    out += '}';
  }
  out += '}';
}

}  // namespace

std::string_view category_name(Category category) {
  return kCategoryNames[static_cast<std::size_t>(category)];
}

Tracer& Tracer::instance() {
  static Tracer tracer;
  return tracer;
}

void Tracer::enable(int rank) {
  rank_.store(rank, std::memory_order_relaxed);
  detail::g_enabled.store(true, std::memory_order_release);
}

void Tracer::disable() { detail::g_enabled.store(false, std::memory_order_release); }

void Tracer::set_thread_name(std::string name) {
  ThreadBuffer& buffer = this_thread_buffer();
  std::lock_guard lock(buffer.mutex);
  buffer.name = std::move(name);
}

double Tracer::now_us() {
  return std::chrono::duration<double, std::micro>(Clock::now() - epoch().steady).count();
}

void Tracer::complete(std::string_view name, Category category, double start_us,
                      double duration_us) {
  if (!tracing_enabled()) return;
  append(this_thread_buffer(), Event{std::string(name), start_us, duration_us, 0.0, category, 'X'});
}

void Tracer::counter(std::string_view name, double value) {
  if (!tracing_enabled()) return;
  append(this_thread_buffer(),
         Event{std::string(name), now_us(), 0.0, value, Category::kOther, 'C'});
}

std::size_t Tracer::event_count() const {
  Registry& reg = registry();
  std::lock_guard lock(reg.mutex);
  std::size_t count = 0;
  for (const auto& buffer : reg.buffers) {
    std::lock_guard buffer_lock(buffer->mutex);
    count += buffer->events.size();
  }
  return count;
}

void Tracer::clear() {
  Registry& reg = registry();
  std::lock_guard lock(reg.mutex);
  for (const auto& buffer : reg.buffers) {
    std::lock_guard buffer_lock(buffer->mutex);
    buffer->events.clear();
    buffer->dropped = 0;
  }
}

std::string Tracer::to_json() const {
  const int pid = rank();
  std::string out = "{\"traceEvents\":[\n";
  append_metadata(out, "process_name", pid, 0, str("rank ", pid));
  std::size_t dropped = 0;
  Registry& reg = registry();
  std::lock_guard lock(reg.mutex);
  for (const auto& buffer : reg.buffers) {
    std::lock_guard buffer_lock(buffer->mutex);
    dropped += buffer->dropped;
    if (!buffer->name.empty()) {
      out += ",\n";
      append_metadata(out, "thread_name", pid, buffer->tid, buffer->name);
    }
    for (const Event& event : buffer->events) {
      out += ",\n";
      append_event(out, event, pid, buffer->tid);
    }
  }
  out += str("\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{\"rank\":", pid,
             ",\"epoch_unix_us\":", epoch().unix_us, ",\"dropped_events\":", dropped, "}}\n");
  return out;
}

void Tracer::write(const std::filesystem::path& path) const { write_file_atomic(path, to_json()); }

void ScopedTrace::start(std::string_view name, Category category) {
  active_ = true;
  category_ = category;
  name_.assign(name);
  start_us_ = Tracer::now_us();
}

void ScopedTrace::stop() {
  const double end_us = Tracer::now_us();
  Tracer::instance().complete(name_, category_, start_us_, end_us - start_us_);
}

}  // namespace zipp::core::trace
