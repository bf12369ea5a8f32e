// The variance-exploding view of a noise schedule that the sigma-space samplers (Euler, Euler
// ancestral, DPM-Solver++) work in (docs/generation.md "Schedulers"): x = x_t / sqrt(alpha_bar_t)
// = x_0 + sigma_t eps with sigma_t = sqrt((1 - alpha_bar_t) / alpha_bar_t). Between training
// timesteps log sigma is interpolated linearly, both ways, as k-diffusion's DiscreteSchedule and
// diffusers' _sigma_to_t do, so a sigma maps back to the (fractional) timestep it came from.
#pragma once

#include <vector>

#include <ATen/core/Tensor.h>

namespace zipp::generation {

class SigmaTable {
 public:
  // From alphas_cumprod (generation/schedule/noise_schedule.h), float64 [T].
  explicit SigmaTable(const at::Tensor& alphas_cumprod);

  // sigma at a timestep in [0, T - 1] (clamped), log-linear between training timesteps.
  double sigma_at(double timestep) const;
  // The timestep whose sigma is `sigma`, clamped to [0, T - 1].
  double timestep_at(double sigma) const;

 private:
  std::vector<double> log_sigmas_;  // increasing with the timestep
};

}  // namespace zipp::generation
