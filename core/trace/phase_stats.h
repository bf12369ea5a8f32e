// Time per phase and per category across ranks: the statistics behind `zipp trace merge`. Each
// rank's total for a phase is one sample; the spread (min / median / max, and which rank is the
// slowest) shows load imbalance and stragglers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace zipp::core::trace {

// One phase (event name within a category), or one category, summarised over ranks.
struct PhaseStats {
  std::string name;  // the event name; the category name on category rows
  std::string category;
  std::int64_t calls = 0;       // events over all ranks
  std::vector<double> rank_ms;  // total per rank, in MergeResult::ranks order; 0 where absent
  double min_ms = 0;
  double median_ms = 0;  // the mean of the middle two for an even number of ranks
  double max_ms = 0;
  int max_rank = 0;  // the lowest rank holding max_ms
};

struct MergeResult {
  std::vector<int> ranks;  // ascending
  // Inclusive time (a scope's own duration, children included), largest max_ms first.
  std::vector<PhaseStats> phases;
  // Self time (nested scopes counted once, so categories add up to traced time), known
  // categories in Category order, then any others by name.
  std::vector<PhaseStats> categories;
  std::size_t event_count = 0;  // events in the merged trace, metadata included
};

// One complete event reduced to what the statistics need.
struct Span {
  std::size_t phase;  // index into the phase keys
  int rank;
  std::int64_t tid;
  double ts_us;
  double dur_us;
};

// Collects the complete events of all ranks; interns (name, category) phase keys.
class SpanCollector {
 public:
  void add(int rank, std::int64_t tid, const std::string& name, const std::string& category,
           double ts_us, double dur_us);
  // Fills result.phases and result.categories; result.ranks must hold every rank added.
  void summarise(MergeResult& result) const;

 private:
  std::map<std::pair<std::string, std::string>, std::size_t> phase_index_;
  std::vector<std::pair<std::string, std::string>> phases_;  // (name, category)
  std::vector<Span> spans_;
};

// Sets min, median, max and max_rank from rank_ms (ranks gives the rank of each entry).
void summarise_over_ranks(PhaseStats& stats, const std::vector<int>& ranks);

}  // namespace zipp::core::trace
