#include "generation/schedule/ddim_scheduler.h"

#include <algorithm>
#include <cmath>

#include <ATen/TensorOperators.h>

#include "core/check.h"
#include "core/error.h"
#include "generation/schedule/model_output.h"

namespace zipp::generation {

DdimScheduler::DdimScheduler(const NoiseScheduleSpec& spec, std::int64_t steps, double eta,
                             TimestepSpacing spacing, std::optional<double> clip_sample_range)
    : prediction_(spec.prediction),
      eta_(eta),
      clip_sample_range_(clip_sample_range),
      timesteps_(
          inference_timesteps(spacing, spec.train_timesteps, steps, TimestepRounding::kRound)) {
  ZIPP_CHECK_T(core::ConfigError, eta >= 0.0 && std::isfinite(eta),
               "key 'eta': DDIM's eta must be a finite number >= 0, found ", eta);
  check_clip_sample_range(clip_sample_range);
  const at::Tensor abar = alphas_cumprod(spec);
  const double* values = abar.data_ptr<double>();
  for (const double t : timesteps_) alpha_bars_.push_back(values[static_cast<std::int64_t>(t)]);
  alpha_bars_.push_back(1.0);
}

double DdimScheduler::timestep(std::int64_t i) const {
  return timesteps_.at(static_cast<std::size_t>(i));
}

at::Tensor DdimScheduler::scale_model_input(const at::Tensor& sample, std::int64_t) const {
  return sample;
}

at::Tensor DdimScheduler::step(const at::Tensor& model_output, std::int64_t i,
                               const at::Tensor& sample, const NoiseDraw& noise) {
  ZIPP_ASSERT(i == next_step_ && i < steps(), "DDIM: expected step ", next_step_, " of ", steps(),
              ", was asked for step ", i);
  ++next_step_;
  const auto k = static_cast<std::size_t>(i);
  const double a_t = alpha_bars_[k];
  const double a_s = alpha_bars_[k + 1];
  at::Tensor x0 = predicted_original(model_output, sample, a_t, prediction_);
  at::Tensor eps;
  if (clip_sample_range_) {
    x0 = clip_original(x0, clip_sample_range_);
    eps = noise_from_original(x0, sample, a_t);
  } else {
    eps = predicted_noise(model_output, sample, a_t, prediction_);
  }
  const double variance = (1.0 - a_s) / (1.0 - a_t) * (1.0 - a_t / a_s);
  const double sigma = eta_ * std::sqrt(std::max(variance, 0.0));
  const double direction = std::sqrt(std::max(1.0 - a_s - sigma * sigma, 0.0));
  at::Tensor next = x0 * std::sqrt(a_s) + eps * direction;
  if (eta_ > 0.0) next = next + noise() * sigma;
  return next;
}

}  // namespace zipp::generation
