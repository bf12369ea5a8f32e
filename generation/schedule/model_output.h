// What a denoiser's output says about the clean sample and the noise (docs/generation.md
// "Schedulers"). With x_t = sqrt(a) x_0 + sqrt(1 - a) eps, a = alpha_bar_t:
//   epsilon prediction: x_0 = (x_t - sqrt(1 - a) eps) / sqrt(a);
//   v prediction (v = sqrt(a) eps - sqrt(1 - a) x_0): x_0 = sqrt(a) x_t - sqrt(1 - a) v and
//     eps = sqrt(a) v + sqrt(1 - a) x_t.
// Every scheduler reads the model through these two functions, so each supports both.
// With clipping on (diffusers' clip_sample, generation/sample/clip_sample.h) a scheduler clamps
// x_0 with clip_original and continues from the clamped x_0 (noise_from_original for DDIM).
#pragma once

#include <optional>

#include <ATen/core/Tensor.h>

#include "generation/schedule/noise_schedule.h"

namespace zipp::generation {

// x_0 from the model output at the noised sample x_t whose alpha_bar is `alpha_bar`.
at::Tensor predicted_original(const at::Tensor& model_output, const at::Tensor& sample,
                              double alpha_bar, Prediction prediction);

// eps from the model output at the noised sample x_t whose alpha_bar is `alpha_bar`.
at::Tensor predicted_noise(const at::Tensor& model_output, const at::Tensor& sample,
                           double alpha_bar, Prediction prediction);

// The noise that makes x_t from a given x_0: eps = (x_t - sqrt(a) x_0) / sqrt(1 - a), a < 1.
at::Tensor noise_from_original(const at::Tensor& original, const at::Tensor& sample,
                               double alpha_bar);

// x_0 clamped to [-range, range] (diffusers' clip_sample); x_0 itself when there is no range.
at::Tensor clip_original(const at::Tensor& original, std::optional<double> range);

// ConfigError naming clip_sample_range unless `range` is empty or a finite number > 0.
void check_clip_sample_range(std::optional<double> range);

}  // namespace zipp::generation
