#include "training/eval/ranking_metrics.h"

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/check.h"
#include "core/comm/control.h"
#include "core/error.h"

namespace zipp::training {

void RankingTotals::add(const RankingTotals& other) {
  queries += other.queries;
  hits_at_1 += other.hits_at_1;
  hits_at_10 += other.hits_at_10;
  reciprocal_rank_sum += other.reciprocal_rank_sum;
}

RankingMetrics finalize(const RankingTotals& totals) {
  RankingMetrics m;
  m.queries = totals.queries;
  if (totals.queries == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.acc_at_1 = m.acc_at_10 = m.mrr = nan;
    return m;
  }
  const auto n = static_cast<double>(totals.queries);
  m.acc_at_1 = static_cast<double>(totals.hits_at_1) / n;
  m.acc_at_10 = static_cast<double>(totals.hits_at_10) / n;
  m.mrr = totals.reciprocal_rank_sum / n;
  return m;
}

RankingTotals allreduce_totals(const core::comm::Communicator& comm, RankingTotals totals) {
  // The double travels as its bit pattern: a floating-point MPI sum may add in any order and so
  // differ between ranks; adding the gathered values in rank order cannot.
  const std::vector<std::int64_t> all =
      core::comm::allgather_ints(comm, {totals.queries, totals.hits_at_1, totals.hits_at_10,
                                        std::bit_cast<std::int64_t>(totals.reciprocal_rank_sum)});
  RankingTotals sum;
  for (std::size_t r = 0; r + 3 < all.size(); r += 4) {
    sum.add({all[r], all[r + 1], all[r + 2], std::bit_cast<double>(all[r + 3])});
  }
  return sum;
}

RankingTotals rank_targets(const at::Tensor& scores, const at::Tensor& targets,
                           const at::Tensor& exclude) {
  ZIPP_CHECK_T(core::InputError, scores.defined() && scores.dim() == 2,
               "rank_targets: scores must be a [queries, candidates] matrix, found ",
               scores.defined() ? scores.sizes() : at::IntArrayRef{});
  ZIPP_CHECK_T(core::InputError,
               scores.scalar_type() == at::kFloat || scores.scalar_type() == at::kDouble,
               "rank_targets: scores must be float32 or float64, found ", scores.scalar_type());
  const std::int64_t n = scores.size(0);
  const std::int64_t c = scores.size(1);
  ZIPP_CHECK_T(core::InputError,
               targets.defined() && targets.dim() == 1 && targets.size(0) == n &&
                   targets.scalar_type() == at::kLong,
               "rank_targets: targets must be int64 [", n, "] (one per score row), found ",
               targets.defined() ? targets.sizes() : at::IntArrayRef{}, " ",
               targets.defined() ? targets.scalar_type() : at::kLong);
  if (n == 0) return {};
  ZIPP_CHECK_T(core::InputError, c > 0, "rank_targets: scores have no candidate column");
  const std::int64_t lo = targets.min().item<std::int64_t>();
  const std::int64_t hi = targets.max().item<std::int64_t>();
  ZIPP_CHECK_T(core::InputError, lo >= 0 && hi < c, "rank_targets: targets must lie in [0, ", c,
               "), found ids from ", lo, " to ", hi);
  ZIPP_CHECK_T(core::InputError, !scores.isnan().any().item<bool>(),
               "rank_targets: scores must not be NaN (a NaN target would rank first)");

  const at::Tensor index = targets.unsqueeze(1);
  const at::Tensor target_scores = scores.gather(1, index);
  // Candidates at or above the target, the target itself included: that count is the rank.
  at::Tensor counted = scores.ge(target_scores);
  if (exclude.defined()) {
    ZIPP_CHECK_T(core::InputError,
                 exclude.scalar_type() == at::kBool && exclude.sizes() == scores.sizes(),
                 "rank_targets: exclude must be bool with the scores' shape ", scores.sizes(),
                 ", found ", exclude.scalar_type(), " ", exclude.sizes());
    ZIPP_CHECK_T(core::InputError, !exclude.gather(1, index).any().item<bool>(),
                 "rank_targets: exclude marks a row's own target; a target is always a candidate");
    counted.logical_and_(exclude.logical_not());
  }
  const at::Tensor ranks = counted.sum(1);  // int64, >= 1
  RankingTotals totals;
  totals.queries = n;
  totals.hits_at_1 = ranks.eq(1).sum().item<std::int64_t>();
  totals.hits_at_10 = ranks.le(10).sum().item<std::int64_t>();
  totals.reciprocal_rank_sum = ranks.to(at::kDouble).reciprocal().sum().item<double>();
  return totals;
}

}  // namespace zipp::training
