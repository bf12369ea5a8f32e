#include "graph/synth/degree_model.h"

#include <cmath>
#include <limits>

#include "core/check.h"

namespace zipp::graph::synth {

DegreeModel::DegreeModel(double mean, double tail, std::int64_t cap)
    : mean_(mean), tail_(tail), cap_(cap) {
  ZIPP_CHECK_T(core::ConfigError, tail > 0 && std::isfinite(tail),
               "degree model: the tail exponent must be positive, found ", tail);
  ZIPP_CHECK_T(core::ConfigError, cap >= 1, "degree model: the cap must be at least 1, found ",
               cap);
  ZIPP_CHECK_T(core::ConfigError, mean >= 1 && mean <= static_cast<double>(cap),
               "degree model: the mean degree must lie in [1, ", cap,
               "] (the cap: max_degree, at most half the subreddits), found ", mean);
  if (mean - 1.0 < 1e-12) return;
  if (static_cast<double>(cap) - mean < 1e-9) {
    scale_ = std::numeric_limits<double>::infinity();
    return;
  }
  // expected() grows with the scale: bisect on its logarithm.
  double lo = std::log(1e-12);
  double hi = std::log(1e15);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (expected(std::exp(mid), tail, cap) < mean ? lo : hi) = mid;
  }
  scale_ = std::exp(0.5 * (lo + hi));
}

double DegreeModel::expected(double scale, double tail, std::int64_t cap) {
  if (scale <= 0) return 1.0;
  double sum = 0;
  for (std::int64_t j = 0; j < cap; ++j) {
    sum += std::pow(1.0 + static_cast<double>(j) / scale, -tail);
  }
  return sum;
}

std::int64_t DegreeModel::sample(core::Rng& rng) const {
  const double y = draw_lomax(rng, tail_, scale_);
  if (!(y < static_cast<double>(cap_))) return cap_;  // also catches an infinite scale
  return std::min<std::int64_t>(cap_, 1 + static_cast<std::int64_t>(std::floor(y)));
}

}  // namespace zipp::graph::synth
