// Ranking metrics of link prediction (docs/training.md "Evaluation"): each query ranks one
// target among candidate columns of a score row; acc@1, acc@10 and MRR follow from the ranks.
// Totals are kept as counts and a sum so ranks and batches combine exactly before the division.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

#include "core/comm/communicator.h"

namespace zipp::training {

struct RankingTotals {
  std::int64_t queries = 0;
  std::int64_t hits_at_1 = 0;
  std::int64_t hits_at_10 = 0;
  double reciprocal_rank_sum = 0;

  void add(const RankingTotals& other);
};

struct RankingMetrics {
  std::int64_t queries = 0;
  double acc_at_1 = 0;
  double acc_at_10 = 0;
  double mrr = 0;
};

// Means over the queries; with no query the three metrics are NaN, so an empty evaluation never
// reads as a score.
RankingMetrics finalize(const RankingTotals& totals);

// Sum over the ranks of `comm`, the same on every rank. Collective. The reciprocal-rank sums are
// all-gathered bit-exactly and added in rank order, so every rank gets the identical double.
RankingTotals allreduce_totals(const core::comm::Communicator& comm, RankingTotals totals);

// Ranks each row's target: scores float32 or float64 [n, C] (no NaN), targets int64 [n] in
// [0, C), exclude (optional: an undefined tensor means none) bool [n, C] marks candidates
// removed from that row (the filtered setting); it must not mark the target. A target's rank is
// 1 + the candidates scoring strictly higher + the other candidates scoring equal: ties count
// against the target, so a constant scorer ranks every target last. InputError on bad shapes,
// dtypes, ids or an excluded target.
RankingTotals rank_targets(const at::Tensor& scores, const at::Tensor& targets,
                           const at::Tensor& exclude = at::Tensor());

}  // namespace zipp::training
