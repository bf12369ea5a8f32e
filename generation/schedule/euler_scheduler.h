// Euler's method on the probability-flow ODE dx/dsigma = (x - D(x; sigma)) / sigma (Karras et al.
// 2022, Algorithm 1 without churn; diffusers' EulerDiscreteScheduler, k-diffusion's sample_euler;
// docs/generation.md "Schedulers"):
//   x_{i+1} = x_i + (sigma_{i+1} - sigma_i) (x_i - D(x_i; sigma_i)) / sigma_i.
// Deterministic; the last step (to sigma = 0) lands on D.
#pragma once

#include <optional>

#include "generation/schedule/sigma_scheduler.h"

namespace zipp::generation {

class EulerScheduler final : public SigmaScheduler {
 public:
  EulerScheduler(const NoiseScheduleSpec& spec, std::int64_t steps, TimestepSpacing spacing,
                 std::optional<double> clip_sample_range = std::nullopt)
      : SigmaScheduler(spec, steps, spacing, clip_sample_range) {}

  std::string_view name() const override { return "euler"; }
  at::Tensor step(const at::Tensor& model_output, std::int64_t i, const at::Tensor& sample,
                  const NoiseDraw& noise) override;
};

}  // namespace zipp::generation
