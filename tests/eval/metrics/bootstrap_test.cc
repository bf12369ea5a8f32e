// Percentile bootstrap: quantiles as numpy computes them, determinism by seed, degenerate data,
// and the coverage of 95% intervals over many simulated data sets.
#include "eval/metrics/bootstrap.h"

#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/random/rng.h"

namespace zipp::eval {
namespace {

std::vector<double> normal_sample(std::size_t n, double mean, std::uint64_t seed) {
  core::Rng rng(seed, {17});
  std::vector<double> values(n);
  for (auto& v : values) {  // Box-Muller
    const double u = 1.0 - rng.uniform();
    v = mean + std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * rng.uniform());
  }
  return values;
}

TEST(Bootstrap, QuantilesInterpolateLikeNumpy) {
  const std::vector<double> sorted = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(sorted_quantile(sorted, 0.25), 1.75);  // numpy.quantile([1,2,3,4], 0.25)
  EXPECT_DOUBLE_EQ(sorted_quantile(sorted, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(sorted_quantile(sorted, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(sorted_quantile(sorted, 0.975), 3.925);
}

TEST(Bootstrap, DeterministicBySeed) {
  const auto values = normal_sample(40, 1.0, 3);
  BootstrapOptions options;
  options.resamples = 500;
  options.seed = 11;
  const auto a = bootstrap_mean(values, options);
  const auto b = bootstrap_mean(values, options);
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.upper, b.upper);
  options.seed = 12;
  const auto c = bootstrap_mean(values, options);
  EXPECT_NE(a.lower, c.lower);
  EXPECT_LT(a.lower, a.estimate);
  EXPECT_GT(a.upper, a.estimate);
}

TEST(Bootstrap, ConstantDataAndConstantDifferences) {
  const std::vector<double> same(10, 2.5);
  const auto interval = bootstrap_mean(same);
  EXPECT_DOUBLE_EQ(interval.lower, 2.5);
  EXPECT_DOUBLE_EQ(interval.upper, 2.5);
  const auto b = normal_sample(30, 0.0, 4);
  std::vector<double> a = b;
  for (auto& v : a) v += 1.0;
  const auto difference = bootstrap_paired_difference(a, b);
  EXPECT_NEAR(difference.estimate, 1.0, 1e-12);
  EXPECT_NEAR(difference.lower, 1.0, 1e-12);
  EXPECT_NEAR(difference.upper, 1.0, 1e-12);
}

TEST(Bootstrap, NinetyFivePercentIntervalsCoverTheMean) {
  // 200 data sets of 50 draws from N(0.3, 1): the percentile interval should hold the true mean
  // about 95% of the time (a little less at n = 50); 88% to 99% leaves room for chance.
  BootstrapOptions options;
  options.resamples = 1000;
  int covered = 0;
  for (std::uint64_t trial = 0; trial < 200; ++trial) {
    options.seed = trial;
    const auto interval = bootstrap_mean(normal_sample(50, 0.3, 1000 + trial), options);
    covered += interval.lower <= 0.3 && 0.3 <= interval.upper ? 1 : 0;
  }
  EXPECT_GE(covered, 176);
  EXPECT_LE(covered, 198);
}

TEST(Bootstrap, RejectsBadInput) {
  EXPECT_THROW(bootstrap_mean(std::vector<double>{}), core::InputError);
  EXPECT_THROW(bootstrap_mean(std::vector<double>{1.0, NAN}), core::InputError);
  EXPECT_THROW(bootstrap_paired_difference(std::vector<double>{1.0}, std::vector<double>{1.0, 2.0}),
               core::InputError);
  BootstrapOptions bad;
  bad.confidence = 1.0;
  EXPECT_THROW(bootstrap_mean(std::vector<double>{1.0}, bad), core::ConfigError);
}

}  // namespace
}  // namespace zipp::eval
