#include "core/trace/merge.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/str.h"

namespace zipp::core::trace {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

struct RankFile {
  fs::path file;
  int rank = 0;
  std::optional<std::int64_t> epoch_unix_us;
  double offset_us = 0;  // added to every timestamp to line the ranks up
};

std::string named(const fs::path& file) { return str("trace file ", quoted(file.string())); }

[[noreturn]] void bad_event(const fs::path& file, std::size_t index, std::string_view problem) {
  throw InputError(str(named(file), ": traceEvents[", index, "] ", problem));
}

Json read_trace(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(str("cannot open ", named(file), ": ", std::strerror(errno)));
  try {
    return Json::parse(in);
  } catch (const Json::parse_error& e) {
    throw InputError(str(named(file), " is not valid JSON: ", e.what()));
  }
}

const Json& trace_events(const Json& doc, const fs::path& file) {
  if (!doc.is_object() || !doc.contains("traceEvents") || !doc["traceEvents"].is_array()) {
    throw InputError(str(named(file),
                         " has no \"traceEvents\" array; expected a Chrome trace "
                         "object as written by the zipp tracer"));
  }
  return doc["traceEvents"];
}

const Json* other_data(const Json& doc, const char* key) {
  const auto other = doc.find("otherData");
  if (other == doc.end() || !other->is_object()) return nullptr;
  const auto value = other->find(key);
  return value == other->end() ? nullptr : &*value;
}

int rank_of(const Json& doc, const Json& events, const fs::path& file) {
  if (const Json* rank = other_data(doc, "rank")) {
    if (!rank->is_number_integer() || rank->get<std::int64_t>() < 0) {
      throw InputError(str(named(file), ": otherData.rank must be a non-negative integer, found ",
                           rank->dump()));
    }
    return rank->get<int>();
  }
  for (const Json& event : events) {
    if (!event.is_object()) continue;
    const auto pid = event.find("pid");
    if (pid != event.end() && pid->is_number_integer()) return pid->get<int>();
  }
  throw InputError(str(named(file),
                       ": cannot tell which rank it is from (no otherData.rank and no "
                       "event with an integer pid)"));
}

double number_field(const Json& event, const char* key, const fs::path& file, std::size_t index) {
  const auto it = event.find(key);
  if (it == event.end() || !it->is_number()) {
    bad_event(file, index, str("has no numeric \"", key, "\" field (microseconds)"));
  }
  return it->get<double>();
}

std::string string_field(const Json& event, const char* key, std::string_view fallback) {
  const auto it = event.find(key);
  return it != event.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
}

// Checks every event and hands the complete ("X") events to the statistics.
void scan_events(const Json& events, const RankFile& rank_file, SpanCollector& spans) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Json& event = events[i];
    if (!event.is_object()) bad_event(rank_file.file, i, "is not an object");
    const auto ph = event.find("ph");
    if (ph == event.end() || !ph->is_string()) {
      bad_event(rank_file.file, i, "has no \"ph\" field (the event type, e.g. \"X\")");
    }
    if (*ph == "M") continue;
    const double ts = number_field(event, "ts", rank_file.file, i);
    if (*ph != "X") continue;
    const double dur = number_field(event, "dur", rank_file.file, i);
    if (dur < 0) bad_event(rank_file.file, i, str("has a negative \"dur\" (", dur, ")"));
    const auto name = event.find("name");
    if (name == event.end() || !name->is_string()) {
      bad_event(rank_file.file, i, "has no \"name\" field (a string)");
    }
    const auto tid = event.find("tid");
    const std::int64_t thread =
        tid != event.end() && tid->is_number_integer() ? tid->get<std::int64_t>() : 0;
    spans.add(rank_file.rank, thread, name->get<std::string>(), string_field(event, "cat", "other"),
              ts, dur);
  }
}

// Shifts each rank onto the earliest rank's clock when every file says when its clock started;
// returns whether it did.
bool align_clocks(std::vector<RankFile>& files) {
  const bool all_known = std::all_of(files.begin(), files.end(),
                                     [](const RankFile& f) { return f.epoch_unix_us.has_value(); });
  if (!all_known || files.empty()) return false;
  std::int64_t earliest = *files.front().epoch_unix_us;
  for (const RankFile& f : files) earliest = std::min(earliest, *f.epoch_unix_us);
  for (RankFile& f : files) f.offset_us = static_cast<double>(*f.epoch_unix_us - earliest);
  return true;
}

bool is_process_metadata(const Json& event) {
  const std::string name = string_field(event, "name", "");
  return event.at("ph") == "M" && (name == "process_name" || name == "process_sort_index");
}

// Streams one rank's events into the merged trace; returns how many were written.
std::size_t write_rank(std::ostream& out, const RankFile& rank_file, bool& first) {
  const Json doc = read_trace(rank_file.file);
  const Json& events = trace_events(doc, rank_file.file);
  const auto emit = [&](const Json& event) {
    out << (first ? "" : ",\n") << event.dump();
    first = false;
  };
  const int rank = rank_file.rank;
  emit(Json{{"name", "process_name"},
            {"ph", "M"},
            {"pid", rank},
            {"tid", 0},
            {"args", {{"name", str("rank ", rank)}}}});
  emit(Json{{"name", "process_sort_index"},
            {"ph", "M"},
            {"pid", rank},
            {"tid", 0},
            {"args", {{"sort_index", rank}}}});
  std::size_t written = 2;
  for (const Json& event : events) {
    if (is_process_metadata(event)) continue;
    Json copy = event;
    copy["pid"] = rank;
    if (rank_file.offset_us != 0 && copy.contains("ts") && copy["ts"].is_number()) {
      copy["ts"] = copy["ts"].get<double>() + rank_file.offset_us;
    }
    emit(copy);
    ++written;
  }
  return written;
}

}  // namespace

MergeResult merge_traces(const std::vector<fs::path>& rank_files, const fs::path& output) {
  if (rank_files.empty()) throw InputError("trace merge: no rank trace files given");
  // First pass: validate and collect statistics one file at a time, so memory holds one parsed
  // file, not all of them.
  std::vector<RankFile> files;
  std::map<int, fs::path> file_of_rank;
  SpanCollector spans;
  for (const fs::path& file : rank_files) {
    const Json doc = read_trace(file);
    const Json& events = trace_events(doc, file);
    RankFile rank_file{file, rank_of(doc, events, file), std::nullopt, 0.0};
    if (const auto [it, inserted] = file_of_rank.try_emplace(rank_file.rank, file); !inserted) {
      throw InputError(str(named(file), ": rank ", rank_file.rank, " appears twice (also in ",
                           quoted(it->second.string()), "); pass one trace file per rank"));
    }
    if (const Json* epoch = other_data(doc, "epoch_unix_us"); epoch && epoch->is_number_integer()) {
      rank_file.epoch_unix_us = epoch->get<std::int64_t>();
    }
    scan_events(events, rank_file, spans);
    files.push_back(std::move(rank_file));
  }
  std::sort(files.begin(), files.end(),
            [](const RankFile& a, const RankFile& b) { return a.rank < b.rank; });
  const bool aligned = align_clocks(files);

  MergeResult result;
  for (const RankFile& f : files) result.ranks.push_back(f.rank);
  spans.summarise(result);

  // Second pass: stream the events into the merged trace.
  AtomicFile out(output);
  out.write("{\"traceEvents\":[\n");
  bool first = true;
  for (const RankFile& f : files) result.event_count += write_rank(out.out(), f, first);
  const Json other{{"ranks", result.ranks}, {"clocks_aligned", aligned}};
  out.write(str("\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":", other.dump(), "}\n"));
  out.commit();
  return result;
}

}  // namespace zipp::core::trace
