// rank_targets against a brute-force loop (ties, exclusions), the extreme scorers, finalize.
#include "training/eval/ranking_metrics.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include <ATen/ops/empty.h>
#include <ATen/ops/full.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/random/rng.h"

namespace zipp::training {
namespace {

struct Case {
  at::Tensor scores;   // float32 [n, c]
  at::Tensor targets;  // int64 [n]
  at::Tensor exclude;  // bool [n, c]
};

// Scores from a handful of values, so ties are common; about a third of the candidates excluded.
Case random_case(std::int64_t n, std::int64_t c, std::uint64_t seed) {
  core::Rng rng(seed);
  Case k{at::empty({n, c}, at::kFloat), at::empty({n}, at::kLong), at::zeros({n, c}, at::kBool)};
  auto s = k.scores.accessor<float, 2>();
  auto t = k.targets.accessor<std::int64_t, 1>();
  auto x = k.exclude.accessor<bool, 2>();
  for (std::int64_t i = 0; i < n; ++i) {
    t[i] = static_cast<std::int64_t>(rng.below(c));
    for (std::int64_t j = 0; j < c; ++j) {
      s[i][j] = static_cast<float>(rng.below(6)) * 0.5F - 1.0F;
      x[i][j] = j != t[i] && rng.bernoulli(0.3);
    }
  }
  return k;
}

RankingTotals brute_force(const Case& k, bool use_exclude) {
  auto s = k.scores.accessor<float, 2>();
  auto t = k.targets.accessor<std::int64_t, 1>();
  auto x = k.exclude.accessor<bool, 2>();
  RankingTotals totals;
  for (std::int64_t i = 0; i < k.scores.size(0); ++i) {
    std::int64_t rank = 1;
    for (std::int64_t j = 0; j < k.scores.size(1); ++j) {
      if (j == t[i] || (use_exclude && x[i][j])) continue;
      if (s[i][j] >= s[i][t[i]]) ++rank;
    }
    ++totals.queries;
    totals.hits_at_1 += rank == 1 ? 1 : 0;
    totals.hits_at_10 += rank <= 10 ? 1 : 0;
    totals.reciprocal_rank_sum += 1.0 / static_cast<double>(rank);
  }
  return totals;
}

void expect_totals_eq(const RankingTotals& a, const RankingTotals& b) {
  EXPECT_EQ(a.queries, b.queries);
  EXPECT_EQ(a.hits_at_1, b.hits_at_1);
  EXPECT_EQ(a.hits_at_10, b.hits_at_10);
  EXPECT_NEAR(a.reciprocal_rank_sum, b.reciprocal_rank_sum, 1e-9);
}

TEST(RankTargets, MatchesBruteForceWithTiesAndExclusions) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const Case k = random_case(200, 37, seed);
    const RankingTotals filtered = rank_targets(k.scores, k.targets, k.exclude);
    expect_totals_eq(filtered, brute_force(k, true));
    const RankingTotals raw = rank_targets(k.scores, k.targets);
    expect_totals_eq(raw, brute_force(k, false));
    // Removing candidates can only improve ranks.
    EXPECT_GE(filtered.reciprocal_rank_sum, raw.reciprocal_rank_sum);
    // float64 scores rank the same.
    expect_totals_eq(rank_targets(k.scores.to(at::kDouble), k.targets, k.exclude), filtered);
  }
}

TEST(RankTargets, PerfectScorerIsOneAndConstantScorerRanksLast) {
  constexpr std::int64_t kN = 12;
  constexpr std::int64_t kC = 25;
  at::Tensor targets = at::empty({kN}, at::kLong);
  for (std::int64_t i = 0; i < kN; ++i) targets[i] = (7 * i) % kC;
  at::Tensor perfect = at::zeros({kN, kC}, at::kFloat);
  for (std::int64_t i = 0; i < kN; ++i) perfect[i][(7 * i) % kC] = 1.0F;
  const RankingMetrics best = finalize(rank_targets(perfect, targets));
  EXPECT_EQ(best.queries, kN);
  EXPECT_DOUBLE_EQ(best.acc_at_1, 1.0);
  EXPECT_DOUBLE_EQ(best.acc_at_10, 1.0);
  EXPECT_DOUBLE_EQ(best.mrr, 1.0);

  const RankingTotals constant = rank_targets(at::full({kN, kC}, 0.5, at::kFloat), targets);
  EXPECT_EQ(constant.hits_at_1, 0);
  EXPECT_EQ(constant.hits_at_10, 0);
  EXPECT_NEAR(constant.reciprocal_rank_sum, static_cast<double>(kN) / kC, 1e-12);

  // Excluding all but 4 candidates of each row: a constant scorer ranks 5th of 5.
  at::Tensor exclude = at::zeros({kN, kC}, at::kBool);
  for (std::int64_t i = 0; i < kN; ++i) {
    for (std::int64_t j = 0; j < kC - 5; ++j) exclude[i][((7 * i) % kC + 1 + j) % kC] = true;
  }
  const RankingTotals five = rank_targets(at::full({kN, kC}, 0.5, at::kFloat), targets, exclude);
  EXPECT_EQ(five.hits_at_10, kN);
  EXPECT_NEAR(five.reciprocal_rank_sum, kN / 5.0, 1e-12);
}

TEST(RankTargets, HandComputedRanks) {
  // Row 0: target 1 (0.5) below 0.9, tied with 0.5 -> rank 3. Row 1: target 0 (2.0) above all,
  // but column 2 (3.0) excluded -> rank 1.
  at::Tensor scores = at::empty({2, 4}, at::kFloat);
  const float values[2][4] = {{0.9F, 0.5F, 0.5F, 0.1F}, {2.0F, 1.0F, 3.0F, -1.0F}};
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 4; ++j) scores[i][j] = values[i][j];
  }
  at::Tensor targets = at::empty({2}, at::kLong);
  targets[0] = 1;
  targets[1] = 0;
  at::Tensor exclude = at::zeros({2, 4}, at::kBool);
  exclude[1][2] = true;
  const RankingTotals t = rank_targets(scores, targets, exclude);
  EXPECT_EQ(t.queries, 2);
  EXPECT_EQ(t.hits_at_1, 1);
  EXPECT_EQ(t.hits_at_10, 2);
  EXPECT_DOUBLE_EQ(t.reciprocal_rank_sum, 1.0 + 1.0 / 3.0);
}

TEST(RankTargets, RejectsBadInput) {
  const Case k = random_case(4, 6, 9);
  at::Tensor bad_targets = k.targets.clone();
  bad_targets[0] = 6;
  EXPECT_THROW(rank_targets(k.scores, bad_targets), core::InputError);
  at::Tensor excluded_target = k.exclude.clone();
  excluded_target[2][k.targets[2].item<std::int64_t>()] = true;
  EXPECT_THROW(rank_targets(k.scores, k.targets, excluded_target), core::InputError);
  at::Tensor nan = k.scores.clone();
  nan[1][3] = std::nanf("");
  EXPECT_THROW(rank_targets(nan, k.targets), core::InputError);
  EXPECT_THROW(rank_targets(k.scores.to(at::kInt), k.targets), core::InputError);
  EXPECT_THROW(rank_targets(k.scores, k.targets.narrow(0, 0, 3)), core::InputError);
  EXPECT_EQ(rank_targets(k.scores.narrow(0, 0, 0), k.targets.narrow(0, 0, 0)).queries, 0);
}

TEST(Finalize, MeansAndEmpty) {
  RankingTotals a{4, 1, 3, 2.0};
  a.add({6, 2, 2, 1.5});
  const RankingMetrics m = finalize(a);
  EXPECT_EQ(m.queries, 10);
  EXPECT_DOUBLE_EQ(m.acc_at_1, 0.3);
  EXPECT_DOUBLE_EQ(m.acc_at_10, 0.5);
  EXPECT_DOUBLE_EQ(m.mrr, 0.35);
  const RankingMetrics empty = finalize({});
  EXPECT_EQ(empty.queries, 0);
  EXPECT_TRUE(std::isnan(empty.acc_at_1) && std::isnan(empty.acc_at_10) && std::isnan(empty.mrr));
}

}  // namespace
}  // namespace zipp::training
