#include "generation/schedule/sigma_table.h"

#include <algorithm>
#include <cmath>

#include <c10/core/ScalarType.h>

#include "core/check.h"

namespace zipp::generation {

SigmaTable::SigmaTable(const at::Tensor& alphas_cumprod) {
  ZIPP_ASSERT(alphas_cumprod.dim() == 1 && alphas_cumprod.size(0) >= 1 &&
                  alphas_cumprod.scalar_type() == at::kDouble,
              "SigmaTable: expected float64 alphas_cumprod [T]");
  const at::Tensor a = alphas_cumprod.contiguous();
  const double* values = a.data_ptr<double>();
  log_sigmas_.reserve(static_cast<std::size_t>(a.size(0)));
  for (std::int64_t t = 0; t < a.size(0); ++t) {
    log_sigmas_.push_back(0.5 * std::log((1.0 - values[t]) / values[t]));
  }
}

double SigmaTable::sigma_at(double timestep) const {
  const double last = static_cast<double>(log_sigmas_.size() - 1);
  const double t = std::clamp(timestep, 0.0, last);
  const auto low = static_cast<std::size_t>(std::floor(t));
  const std::size_t high = std::min(low + 1, log_sigmas_.size() - 1);
  const double w = t - static_cast<double>(low);
  return std::exp((1.0 - w) * log_sigmas_[low] + w * log_sigmas_[high]);
}

double SigmaTable::timestep_at(double sigma) const {
  if (log_sigmas_.size() == 1) return 0.0;
  const double log_sigma = std::log(sigma);
  // The last training timestep whose log sigma is <= log_sigma, kept below the end so that
  // [low, low + 1] is an interval (diffusers' cumsum/argmax, clamped at T - 2).
  const auto upper = std::upper_bound(log_sigmas_.begin(), log_sigmas_.end(), log_sigma);
  std::size_t low =
      upper == log_sigmas_.begin() ? 0 : static_cast<std::size_t>(upper - log_sigmas_.begin()) - 1;
  low = std::min(low, log_sigmas_.size() - 2);
  const double lo = log_sigmas_[low];
  const double hi = log_sigmas_[low + 1];
  const double w = std::clamp((lo - log_sigma) / (lo - hi), 0.0, 1.0);
  return (1.0 - w) * static_cast<double>(low) + w * static_cast<double>(low + 1);
}

}  // namespace zipp::generation
