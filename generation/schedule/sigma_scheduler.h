// What the sigma-space samplers (Euler, Euler ancestral, DPM-Solver++(2M)) share
// (docs/generation.md "Schedulers"): the sigmas of the visited timesteps followed by 0, the
// denoiser's input x / sqrt(sigma^2 + 1) at the timestep that sigma maps back to, initial noise of
// standard deviation sqrt(sigma_max^2 + 1) (the variance-preserving N(0, I) start seen in sigma
// space), and the denoised estimate D(x; sigma) from the model's noise or v prediction, clamped to
// [-r, r] when a clip range r is set (diffusers' clip_sample; generation/sample/clip_sample.h):
// every update then continues from the clamped D, so Euler's derivative (x - D) / sigma is the
// noise re-derived from the clamped x0 (as DDIM re-derives eps) and DPM-Solver++ extrapolates
// between clamped estimates (where diffusers' DPMSolverMultistepScheduler applies thresholding).
#pragma once

#include <optional>
#include <vector>

#include "generation/schedule/noise_schedule.h"
#include "generation/schedule/scheduler.h"
#include "generation/schedule/timestep_spacing.h"

namespace zipp::generation {

class SigmaScheduler : public Scheduler {
 public:
  std::int64_t steps() const override { return static_cast<std::int64_t>(timesteps_.size()); }
  double timestep(std::int64_t i) const override;
  double init_noise_sigma() const override;
  at::Tensor scale_model_input(const at::Tensor& sample, std::int64_t i) const override;

  // sigma_i for i = 0 .. steps(), the last one 0.
  const std::vector<double>& sigmas() const { return sigmas_; }

 protected:
  // ConfigError for a bad step count (timestep_spacing.h) or a clip range that is not a finite
  // number > 0 (none: no clipping).
  SigmaScheduler(const NoiseScheduleSpec& spec, std::int64_t steps, TimestepSpacing spacing,
                 std::optional<double> clip_sample_range);

  // D(x; sigma_i): the clean sample the model's output at step i points to, clipped.
  at::Tensor denoised(const at::Tensor& model_output, std::int64_t i,
                      const at::Tensor& sample) const;
  // Asserts that step i is the next one and advances.
  void begin_step(std::int64_t i);

 private:
  Prediction prediction_;
  std::optional<double> clip_sample_range_;
  std::vector<double> sigmas_;
  std::vector<double> timesteps_;  // the sigmas mapped back to training timesteps
  std::int64_t next_step_ = 0;
};

}  // namespace zipp::generation
