// Heavy-tailed counts for the synthetic world: a discretised Lomax (Pareto type II) law,
//   D = min(cap, 1 + floor(Y)),  Y ~ Lomax(tail, scale),  P(Y >= y) = (1 + y / scale)^-tail,
// so P(D >= k) = (1 + (k - 1) / scale)^-tail for 1 <= k <= cap: a power-law tail with exponent
// `tail` and an exact mean  E[D] = sum_{j=0}^{cap-1} (1 + j / scale)^-tail.  DegreeModel solves
// that sum for the scale that gives the configured mean degree, so the graph's mean degree is the
// configured one in expectation, whatever the cap.
#pragma once

#include <cstdint>

#include "core/random/rng.h"

namespace zipp::graph::synth {

// One draw of Y ~ Lomax(tail, scale): scale * (U^(-1/tail) - 1) with U uniform in (0, 1].
inline double draw_lomax(core::Rng& rng, double tail, double scale) {
  const double u = 1.0 - rng.uniform();
  return scale * (std::pow(u, -1.0 / tail) - 1.0);
}

class DegreeModel {
 public:
  // ConfigError unless 1 <= mean <= cap and tail > 0.
  DegreeModel(double mean, double tail, std::int64_t cap);

  std::int64_t sample(core::Rng& rng) const;

  // E[D] for a given scale (the sum above).
  static double expected(double scale, double tail, std::int64_t cap);

  double mean() const { return mean_; }
  double tail() const { return tail_; }
  double scale() const { return scale_; }
  std::int64_t cap() const { return cap_; }

 private:
  double mean_;
  double tail_;
  std::int64_t cap_;
  double scale_ = 0;  // 0: always 1
};

}  // namespace zipp::graph::synth
