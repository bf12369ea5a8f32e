#include "generation/schedule/sigma_scheduler.h"

#include <cmath>

#include <ATen/TensorOperators.h>

#include "core/check.h"
#include "generation/schedule/model_output.h"
#include "generation/schedule/sigma_table.h"

namespace zipp::generation {

SigmaScheduler::SigmaScheduler(const NoiseScheduleSpec& spec, std::int64_t steps,
                               TimestepSpacing spacing, std::optional<double> clip_sample_range)
    : prediction_(spec.prediction), clip_sample_range_(clip_sample_range) {
  check_clip_sample_range(clip_sample_range);
  const SigmaTable table(alphas_cumprod(spec));
  for (const double t :
       inference_timesteps(spacing, spec.train_timesteps, steps, TimestepRounding::kFractional)) {
    const double sigma = table.sigma_at(t);
    sigmas_.push_back(sigma);
    // Back to the timestep through the same interpolation; an integer timestep comes back with
    // rounding noise, which is removed so the model sees exactly the timestep diffusers gives it.
    const double back = table.timestep_at(sigma);
    timesteps_.push_back(std::abs(back - std::round(back)) < 1e-6 ? std::round(back) : back);
  }
  sigmas_.push_back(0.0);
}

double SigmaScheduler::timestep(std::int64_t i) const {
  return timesteps_.at(static_cast<std::size_t>(i));
}

double SigmaScheduler::init_noise_sigma() const {
  return std::sqrt(sigmas_.front() * sigmas_.front() + 1.0);
}

at::Tensor SigmaScheduler::scale_model_input(const at::Tensor& sample, std::int64_t i) const {
  const double sigma = sigmas_.at(static_cast<std::size_t>(i));
  return sample / std::sqrt(sigma * sigma + 1.0);
}

at::Tensor SigmaScheduler::denoised(const at::Tensor& model_output, std::int64_t i,
                                    const at::Tensor& sample) const {
  const double sigma = sigmas_.at(static_cast<std::size_t>(i));
  const double alpha_bar = 1.0 / (sigma * sigma + 1.0);
  if (prediction_ == Prediction::kEpsilon) {
    return clip_original(sample - model_output * sigma, clip_sample_range_);
  }
  // v prediction: x_0 = sqrt(a) x_t - sqrt(1 - a) v with x_t = x sqrt(a).
  return clip_original(
      predicted_original(model_output, sample * std::sqrt(alpha_bar), alpha_bar, prediction_),
      clip_sample_range_);
}

void SigmaScheduler::begin_step(std::int64_t i) {
  ZIPP_ASSERT(i == next_step_ && i < steps(), name(), ": expected step ", next_step_, " of ",
              steps(), ", was asked for step ", i);
  ++next_step_;
}

}  // namespace zipp::generation
