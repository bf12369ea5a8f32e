// Euler ancestral (k-diffusion's sample_euler_ancestral, diffusers'
// EulerAncestralDiscreteScheduler; docs/generation.md "Schedulers"): each step goes down to
//   sigma_down = sqrt(sigma_{i+1}^2 - sigma_up^2),
//   sigma_up   = sqrt(sigma_{i+1}^2 (sigma_i^2 - sigma_{i+1}^2) / sigma_i^2)
// with an Euler step and adds fresh noise of standard deviation sigma_up, which is the DDPM
// posterior's variance in sigma space:
//   x_{i+1} = x_i + (sigma_down - sigma_i) (x_i - D(x_i; sigma_i)) / sigma_i + sigma_up z.
// Noise is drawn at every step (as diffusers does, even the last, where sigma_up = 0).
#pragma once

#include <optional>

#include "generation/schedule/sigma_scheduler.h"

namespace zipp::generation {

class EulerAncestralScheduler final : public SigmaScheduler {
 public:
  EulerAncestralScheduler(const NoiseScheduleSpec& spec, std::int64_t steps,
                          TimestepSpacing spacing,
                          std::optional<double> clip_sample_range = std::nullopt)
      : SigmaScheduler(spec, steps, spacing, clip_sample_range) {}

  std::string_view name() const override { return "euler_a"; }
  at::Tensor step(const at::Tensor& model_output, std::int64_t i, const at::Tensor& sample,
                  const NoiseDraw& noise) override;
};

}  // namespace zipp::generation
