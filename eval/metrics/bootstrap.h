// Percentile bootstrap confidence intervals for the benchmark's means and paired differences
// (docs/evaluation.md): resample the observations (or the pairs) with replacement, recompute the
// statistic, and take the (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of the
// resampled statistics (linear interpolation between order statistics, numpy's default).
// Resampling draws from core::Rng keyed by the seed, so an interval is the same on every machine.
#pragma once

#include <cstdint>
#include <span>

namespace zipp::eval {

struct BootstrapOptions {
  std::int64_t resamples = 10000;
  double confidence = 0.95;
  std::uint64_t seed = 0;
};

struct ConfidenceInterval {
  double estimate = 0.0;  // the statistic on the observed data
  double lower = 0.0;
  double upper = 0.0;
};

// The mean of `values` (at least one; finite) with its percentile interval.
ConfidenceInterval bootstrap_mean(std::span<const double> values,
                                  const BootstrapOptions& options = {});

// mean(a) - mean(b) for paired observations (a[i], b[i]) of the same item, resampling pairs.
ConfidenceInterval bootstrap_paired_difference(std::span<const double> a, std::span<const double> b,
                                               const BootstrapOptions& options = {});

// The q-quantile (0 <= q <= 1) of sorted values, interpolating linearly between neighbours.
double sorted_quantile(std::span<const double> sorted, double q);

}  // namespace zipp::eval
