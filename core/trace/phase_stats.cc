#include "core/trace/phase_stats.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "core/check.h"
#include "core/trace/tracer.h"

namespace zipp::core::trace {
namespace {

constexpr Category kCategoryOrder[] = {Category::kCompute, Category::kCommunication,
                                       Category::kSampling, Category::kIo, Category::kOther};

double end_us(const Span& span) { return span.ts_us + span.dur_us; }

// Each span's duration minus the parts covered by its direct children on the same thread. Spans
// from scoped timers nest; a child that outlives its parent only counts up to the parent's end.
std::vector<double> self_times(const std::vector<Span>& spans) {
  std::vector<std::size_t> order(spans.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Span& x = spans[a];
    const Span& y = spans[b];
    // Parents first: earlier start, then the longer of two spans starting together.
    return std::tie(x.rank, x.tid, x.ts_us, y.dur_us, a) <
           std::tie(y.rank, y.tid, y.ts_us, x.dur_us, b);
  });
  std::vector<double> self(spans.size());
  std::vector<std::size_t> open;  // enclosing spans on the current thread, innermost last
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    const Span& span = spans[i];
    self[i] = span.dur_us;
    if (k > 0) {
      const Span& previous = spans[order[k - 1]];
      if (previous.rank != span.rank || previous.tid != span.tid) open.clear();
    }
    while (!open.empty() && end_us(spans[open.back()]) <= span.ts_us) open.pop_back();
    if (!open.empty()) {
      const std::size_t parent = open.back();
      self[parent] -= std::min(end_us(span), end_us(spans[parent])) - span.ts_us;
    }
    open.push_back(i);
  }
  for (double& value : self) value = std::max(value, 0.0);
  return self;
}

std::size_t category_rank(const std::string& category) {
  for (std::size_t i = 0; i < std::size(kCategoryOrder); ++i) {
    if (category_name(kCategoryOrder[i]) == category) return i;
  }
  return std::size(kCategoryOrder);
}

PhaseStats empty_stats(std::string name, std::string category, std::size_t rank_count) {
  PhaseStats stats;
  stats.name = std::move(name);
  stats.category = std::move(category);
  stats.rank_ms.assign(rank_count, 0.0);
  return stats;
}

void finish(PhaseStats& stats, const std::vector<int>& ranks) {
  for (double& ms : stats.rank_ms) ms /= 1000.0;  // summed in microseconds
  summarise_over_ranks(stats, ranks);
}

}  // namespace

void SpanCollector::add(int rank, std::int64_t tid, const std::string& name,
                        const std::string& category, double ts_us, double dur_us) {
  auto key = std::make_pair(name, category);
  auto [it, inserted] = phase_index_.try_emplace(key, phases_.size());
  if (inserted) phases_.push_back(std::move(key));
  spans_.push_back(Span{it->second, rank, tid, ts_us, dur_us});
}

void SpanCollector::summarise(MergeResult& result) const {
  const std::size_t rank_count = result.ranks.size();
  std::vector<PhaseStats> phases;
  phases.reserve(phases_.size());
  for (const auto& [name, category] : phases_) {
    phases.push_back(empty_stats(name, category, rank_count));
  }
  std::map<std::string, PhaseStats> categories;
  std::map<int, std::size_t> rank_index;
  for (std::size_t r = 0; r < rank_count; ++r) rank_index[result.ranks[r]] = r;

  const std::vector<double> self = self_times(spans_);
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    const Span& span = spans_[i];
    const auto rank_it = rank_index.find(span.rank);
    ZIPP_ASSERT(rank_it != rank_index.end(), "span of rank ", span.rank, " not among the ranks");
    const std::size_t r = rank_it->second;
    PhaseStats& phase = phases[span.phase];
    phase.rank_ms[r] += span.dur_us;
    ++phase.calls;
    auto [it, inserted] = categories.try_emplace(phase.category);
    if (inserted) it->second = empty_stats(phase.category, phase.category, rank_count);
    it->second.rank_ms[r] += self[i];
    ++it->second.calls;
  }

  for (PhaseStats& phase : phases) finish(phase, result.ranks);
  std::sort(phases.begin(), phases.end(), [](const PhaseStats& a, const PhaseStats& b) {
    return std::tie(b.max_ms, a.name, a.category) < std::tie(a.max_ms, b.name, b.category);
  });
  result.phases = std::move(phases);

  result.categories.clear();
  for (auto& [name, stats] : categories) {
    finish(stats, result.ranks);
    result.categories.push_back(std::move(stats));
  }
  std::stable_sort(result.categories.begin(), result.categories.end(),
                   [](const PhaseStats& a, const PhaseStats& b) {
                     return category_rank(a.category) < category_rank(b.category);
                   });
}

void summarise_over_ranks(PhaseStats& stats, const std::vector<int>& ranks) {
  ZIPP_ASSERT(stats.rank_ms.size() == ranks.size(), "phase ", quoted(stats.name), " has ",
              stats.rank_ms.size(), " rank totals for ", ranks.size(), " ranks");
  if (ranks.empty()) return;
  std::vector<double> sorted = stats.rank_ms;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  stats.min_ms = sorted.front();
  stats.max_ms = sorted.back();
  stats.median_ms = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  const auto max_it = std::max_element(stats.rank_ms.begin(), stats.rank_ms.end());
  stats.max_rank = ranks[static_cast<std::size_t>(max_it - stats.rank_ms.begin())];
}

}  // namespace zipp::core::trace
