#include "graph/synth/alias_table.h"

#include <cmath>

#include "core/check.h"

namespace zipp::graph::synth {

AliasTable::AliasTable(std::span<const double> weights) {
  const std::size_t n = weights.size();
  ZIPP_CHECK_T(core::InputError, n > 0, "alias table: no weights");
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ZIPP_CHECK_T(core::InputError, std::isfinite(weights[i]) && weights[i] >= 0,
                 "alias table: weight ", i, " is ", weights[i], ", expected finite and >= 0");
    total += weights[i];
  }
  ZIPP_CHECK_T(core::InputError, total > 0, "alias table: the weights sum to ", total,
               ", expected a positive sum");
  prob_.resize(n);
  alias_.resize(n);
  std::vector<double> scaled(n);
  std::vector<std::int64_t> small;
  std::vector<std::int64_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::int64_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::int64_t s = small.back();
    small.pop_back();
    const std::int64_t l = large.back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What remains is 1 up to rounding.
  for (std::int64_t i : large) {
    prob_[i] = 1.0;
    alias_[i] = i;
  }
  for (std::int64_t i : small) {
    prob_[i] = 1.0;
    alias_[i] = i;
  }
}

}  // namespace zipp::graph::synth
