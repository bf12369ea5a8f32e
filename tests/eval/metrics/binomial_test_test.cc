// Exact binomial test p-values against values derived by hand (the sums written out below) and
// against a direct double-precision sum of the probabilities; win rates built on it.
#include "eval/metrics/binomial_test.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "eval/metrics/win_rate.h"

namespace zipp::eval {
namespace {

// scipy.stats.binomtest's two-sided p-value by direct summation, for small n.
double direct_two_sided(int k, int n, double p) {
  std::vector<double> pmf(static_cast<std::size_t>(n + 1));
  for (int i = 0; i <= n; ++i) {
    double choose = 1.0;
    for (int j = 1; j <= i; ++j) choose = choose * (n - i + j) / j;
    pmf[i] = choose * std::pow(p, i) * std::pow(1.0 - p, n - i);
  }
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    if (pmf[i] <= pmf[k] * (1.0 + 1e-7)) sum += pmf[i];
  }
  return std::min(1.0, sum);
}

TEST(BinomialTest, HandDerivedValues) {
  // n = 10, k = 0: the two tails 0 and 10, 2 * 0.5^10.
  EXPECT_NEAR(binomial_test_two_sided(0, 10).p_value, 2.0 / 1024.0, 1e-15);
  EXPECT_NEAR(binomial_test_two_sided(10, 10).p_value, 2.0 / 1024.0, 1e-15);
  // n = 20, k = 14: 2 * (C(20,14) + ... + C(20,20)) / 2^20
  //   = 2 * (38760 + 15504 + 4845 + 1140 + 190 + 20 + 1) / 1048576 = 0.11531829833984375.
  EXPECT_NEAR(binomial_test_two_sided(14, 20).p_value, 120920.0 / 1048576.0, 1e-13);
  EXPECT_NEAR(binomial_test_two_sided(6, 20).p_value, 120920.0 / 1048576.0, 1e-13);
  // The observed count at the mode: p = 1.
  EXPECT_DOUBLE_EQ(binomial_test_two_sided(10, 20).p_value, 1.0);
  // p = 0.1, n = 10, k = 3: P(0), P(1), P(2) = 0.3486784401, 0.387420489, 0.1937102445 are all
  // more likely than P(3) = 0.057395628, so the p-value is P(X >= 3) = 1 - 0.9298091736.
  EXPECT_NEAR(binomial_test_two_sided(3, 10, 0.1).p_value, 0.0701908264, 1e-10);
}

TEST(BinomialTest, MatchesDirectSummation) {
  for (const double p : {0.5, 0.3, 0.77}) {
    for (const int n : {1, 7, 30, 61}) {
      for (int k = 0; k <= n; ++k) {
        EXPECT_NEAR(binomial_test_two_sided(k, n, p).p_value, direct_two_sided(k, n, p),
                    1e-12 + 1e-9 * direct_two_sided(k, n, p))
            << "k=" << k << " n=" << n << " p=" << p;
      }
    }
  }
}

TEST(BinomialTest, StableForAMillionTrials) {
  // Normal approximation with continuity correction: z = (1000 - 0.5) / 500 gives 0.04560.
  const auto near = binomial_test_two_sided(501000, 1000000);
  EXPECT_NEAR(near.p_value, 0.0456, 0.0005);
  EXPECT_DOUBLE_EQ(binomial_test_two_sided(500000, 1000000).p_value, 1.0);
  // k = 0: log p = log 2 + 1e6 log(1/2), far below the smallest double.
  const auto extreme = binomial_test_two_sided(0, 1000000);
  EXPECT_EQ(extreme.p_value, 0.0);
  EXPECT_NEAR(extreme.log_p_value, std::log(2.0) - 1e6 * std::log(2.0), 1e-6 * 693147.0);
}

TEST(BinomialTest, RejectsImpossibleCounts) {
  EXPECT_THROW(binomial_test_two_sided(11, 10), core::ConfigError);
  EXPECT_THROW(binomial_test_two_sided(-1, 10), core::ConfigError);
  EXPECT_THROW(binomial_test_two_sided(1, 10, 1.0), core::ConfigError);
}

TEST(WinRate, TiesLeaveTheTestAndCountHalfInTheShare) {
  std::vector<Outcome> outcomes(14, Outcome::kWin);
  outcomes.insert(outcomes.end(), 6, Outcome::kLoss);
  outcomes.insert(outcomes.end(), 3, Outcome::kTie);
  const auto rate = win_rate(outcomes);
  EXPECT_EQ(rate.wins, 14);
  EXPECT_EQ(rate.losses, 6);
  EXPECT_EQ(rate.ties, 3);
  EXPECT_DOUBLE_EQ(rate.win_rate, 0.7);
  EXPECT_DOUBLE_EQ(rate.win_rate_ties_half, 15.5 / 23.0);
  EXPECT_NEAR(rate.p_value, 120920.0 / 1048576.0, 1e-13);
  EXPECT_DOUBLE_EQ(rate.interval.estimate, 0.7);
  EXPECT_LT(rate.interval.lower, 0.7);
  EXPECT_GT(rate.interval.upper, 0.7);
  EXPECT_GE(rate.interval.lower, 0.0);
  EXPECT_LE(rate.interval.upper, 1.0);

  const auto all_ties = win_rate(std::vector<Outcome>(4, Outcome::kTie));
  EXPECT_TRUE(std::isnan(all_ties.win_rate));
  EXPECT_DOUBLE_EQ(all_ties.win_rate_ties_half, 0.5);
  EXPECT_DOUBLE_EQ(all_ties.p_value, 1.0);
  EXPECT_THROW(win_rate({}), core::InputError);
}

}  // namespace
}  // namespace zipp::eval
