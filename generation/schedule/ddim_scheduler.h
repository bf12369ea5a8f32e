// DDIM (Song et al. 2021), as diffusers' DDIMScheduler computes it (docs/generation.md
// "Schedulers"). From x_t at timestep t to x_s at the next visited timestep s (alpha_bar a_t, a_s;
// a_s = 1 after the last step, so the run ends on the clean estimate):
//   x0 = predicted x_0, eps = predicted noise (generation/schedule/model_output.h)
//   sigma = eta * sqrt((1 - a_s) / (1 - a_t)) * sqrt(1 - a_t / a_s)
//   x_s = sqrt(a_s) x0 + sqrt(1 - a_s - sigma^2) eps + sigma z,   z ~ N(0, I) when eta > 0.
// eta = 0 is deterministic; eta = 1 is the DDPM posterior's variance (ancestral sampling).
// With a clip range r, x0 is clamped to [-r, r] and eps re-derived from the clamped x0,
//   eps = (x_t - sqrt(a_t) x0) / sqrt(1 - a_t),
// as diffusers' DDIM with clip_sample and use_clipped_model_output=True (Glide) does; diffusers'
// default (use_clipped_model_output=False) keeps the model's eps in the direction term.
#pragma once

#include <optional>
#include <vector>

#include "generation/schedule/noise_schedule.h"
#include "generation/schedule/scheduler.h"
#include "generation/schedule/timestep_spacing.h"

namespace zipp::generation {

class DdimScheduler final : public Scheduler {
 public:
  // ConfigError for a bad step count (timestep_spacing.h), a negative eta or a clip range that is
  // not a finite number > 0 (none: no clipping).
  DdimScheduler(const NoiseScheduleSpec& spec, std::int64_t steps, double eta,
                TimestepSpacing spacing, std::optional<double> clip_sample_range = std::nullopt);

  std::string_view name() const override { return "ddim"; }
  std::int64_t steps() const override { return static_cast<std::int64_t>(timesteps_.size()); }
  double timestep(std::int64_t i) const override;
  double init_noise_sigma() const override { return 1.0; }
  at::Tensor scale_model_input(const at::Tensor& sample, std::int64_t i) const override;
  at::Tensor step(const at::Tensor& model_output, std::int64_t i, const at::Tensor& sample,
                  const NoiseDraw& noise) override;

 private:
  Prediction prediction_;
  double eta_;
  std::optional<double> clip_sample_range_;
  std::vector<double> timesteps_;
  std::vector<double> alpha_bars_;  // at each visited timestep, then 1 for the end
  std::int64_t next_step_ = 0;
};

}  // namespace zipp::generation
