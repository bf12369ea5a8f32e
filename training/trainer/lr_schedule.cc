#include "training/trainer/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace zipp::training {

std::int64_t LrSchedule::warmup_steps() const {
  if (warmup_fraction <= 0) return 0;
  const auto steps =
      static_cast<std::int64_t>(std::ceil(warmup_fraction * static_cast<double>(total_steps)));
  return std::clamp<std::int64_t>(steps, 1, std::max<std::int64_t>(total_steps, 1));
}

double LrSchedule::at(std::int64_t step) const {
  const std::int64_t warmup = warmup_steps();
  if (step < warmup) {
    return peak * static_cast<double>(step + 1) / static_cast<double>(warmup);
  }
  const double floor = peak * min_lr_fraction;
  const std::int64_t decay_steps = total_steps - warmup;
  if (decay_steps <= 1) return peak;
  const double t = std::clamp(
      static_cast<double>(step - warmup) / static_cast<double>(decay_steps - 1), 0.0, 1.0);
  return floor + (peak - floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * t));
}

}  // namespace zipp::training
