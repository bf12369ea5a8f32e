// The learning-rate schedule of docs method §2: a linear warm-up from 0 over the first
// warmup_fraction of the steps, then a cosine decay to min_lr_fraction * peak at the last step.
// A pure function of the optimizer step, so a resumed run continues the same curve.
#pragma once

#include <cstdint>

namespace zipp::training {

struct LrSchedule {
  double peak = 5e-4;
  std::int64_t total_steps = 1;
  double warmup_fraction = 0.05;
  double min_lr_fraction = 0.0;

  // Steps of the warm-up: ceil(warmup_fraction * total_steps), at least 1 when the fraction is
  // positive.
  std::int64_t warmup_steps() const;
  // The rate used by optimizer step `step` (0-based): (step + 1) / warmup * peak during the
  // warm-up; afterwards min + (peak - min) * (1 + cos(pi * t)) / 2 with t going from 0 at the
  // first step after the warm-up to 1 at the last step.
  double at(std::int64_t step) const;
};

}  // namespace zipp::training
