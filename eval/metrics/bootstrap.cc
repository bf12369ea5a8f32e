#include "eval/metrics/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/check.h"
#include "core/error.h"
#include "core/random/rng.h"

namespace zipp::eval {
namespace {

void check_options(const BootstrapOptions& options) {
  ZIPP_CHECK_T(core::ConfigError, options.resamples >= 1,
               "bootstrap: resamples must be at least 1, found ", options.resamples);
  ZIPP_CHECK_T(core::ConfigError, options.confidence > 0.0 && options.confidence < 1.0,
               "bootstrap: confidence must be in (0, 1), found ", options.confidence);
}

void check_values(std::span<const double> values, const char* what) {
  ZIPP_CHECK_T(core::InputError, !values.empty(), "bootstrap: ", what, " is empty");
  for (std::size_t i = 0; i < values.size(); ++i) {
    ZIPP_CHECK_T(core::InputError, std::isfinite(values[i]), "bootstrap: ", what, "[", i, "] is ",
                 values[i], ", expected a finite number");
  }
}

double mean(std::span<const double> values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// The percentile interval of the mean of `values` resampled with replacement.
ConfidenceInterval percentile_interval(std::span<const double> values,
                                       const BootstrapOptions& options) {
  check_options(options);
  const auto n = static_cast<std::uint64_t>(values.size());
  core::Rng rng(options.seed, {0xb0075742ULL, n});
  std::vector<double> statistics(static_cast<std::size_t>(options.resamples));
  for (auto& statistic : statistics) {
    double sum = 0.0;
    for (std::uint64_t i = 0; i < n; ++i) sum += values[rng.below(n)];
    statistic = sum / static_cast<double>(n);
  }
  std::sort(statistics.begin(), statistics.end());
  const double tail = (1.0 - options.confidence) / 2.0;
  return {mean(values), sorted_quantile(statistics, tail), sorted_quantile(statistics, 1.0 - tail)};
}

}  // namespace

double sorted_quantile(std::span<const double> sorted, double q) {
  ZIPP_ASSERT(!sorted.empty() && q >= 0.0 && q <= 1.0, "quantile ", q, " of ", sorted.size(),
              " values");
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

ConfidenceInterval bootstrap_mean(std::span<const double> values, const BootstrapOptions& options) {
  check_values(values, "values");
  return percentile_interval(values, options);
}

ConfidenceInterval bootstrap_paired_difference(std::span<const double> a, std::span<const double> b,
                                               const BootstrapOptions& options) {
  check_values(a, "a");
  check_values(b, "b");
  ZIPP_CHECK_T(core::InputError, a.size() == b.size(),
               "bootstrap: paired samples must have the same length, found ", a.size(), " and ",
               b.size());
  // Resampling pairs and differencing the means is resampling the differences.
  std::vector<double> differences(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) differences[i] = a[i] - b[i];
  return percentile_interval(differences, options);
}

}  // namespace zipp::eval
