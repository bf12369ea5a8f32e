// DPM-Solver++(2M) (Lu et al. 2022; k-diffusion's sample_dpmpp_2m, diffusers'
// DPMSolverMultistepScheduler with algorithm_type dpmsolver++, solver_order 2, midpoint;
// docs/generation.md "Schedulers"). With lambda = -log sigma, h = lambda_{i+1} - lambda_i and
// D_i = D(x_i; sigma_i):
//   first step, and the step to sigma = 0:  x_{i+1} = (sigma_{i+1} / sigma_i) x_i - expm1(-h) D_i
//   otherwise, with r = h_{i-1} / h:
//     D' = (1 + 1 / (2 r)) D_i - (1 / (2 r)) D_{i-1}
//     x_{i+1} = (sigma_{i+1} / sigma_i) x_i - expm1(-h) D'.
// Deterministic; the last step lands on D.
#pragma once

#include <optional>

#include "generation/schedule/sigma_scheduler.h"

namespace zipp::generation {

class DpmSolverPp2mScheduler final : public SigmaScheduler {
 public:
  DpmSolverPp2mScheduler(const NoiseScheduleSpec& spec, std::int64_t steps, TimestepSpacing spacing,
                         std::optional<double> clip_sample_range = std::nullopt)
      : SigmaScheduler(spec, steps, spacing, clip_sample_range) {}

  std::string_view name() const override { return "dpmpp_2m"; }
  at::Tensor step(const at::Tensor& model_output, std::int64_t i, const at::Tensor& sample,
                  const NoiseDraw& noise) override;

 private:
  at::Tensor previous_denoised_;
};

}  // namespace zipp::generation
