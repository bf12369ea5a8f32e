// What a denoiser's output says about the clean sample and the noise (docs/generation.md
// "Schedulers"). With x_t = sqrt(a) x_0 + sqrt(1 - a) eps, a = alpha_bar_t:
//   epsilon prediction: x_0 = (x_t - sqrt(1 - a) eps) / sqrt(a);
//   v prediction (v = sqrt(a) eps - sqrt(1 - a) x_0): x_0 = sqrt(a) x_t - sqrt(1 - a) v and
//     eps = sqrt(a) v + sqrt(1 - a) x_t.
// Every scheduler reads the model through these two functions, so each supports both.
#pragma once

#include <ATen/core/Tensor.h>

#include "generation/schedule/noise_schedule.h"

namespace zipp::generation {

// x_0 from the model output at the noised sample x_t whose alpha_bar is `alpha_bar`.
at::Tensor predicted_original(const at::Tensor& model_output, const at::Tensor& sample,
                              double alpha_bar, Prediction prediction);

// eps from the model output at the noised sample x_t whose alpha_bar is `alpha_bar`.
at::Tensor predicted_noise(const at::Tensor& model_output, const at::Tensor& sample,
                           double alpha_bar, Prediction prediction);

}  // namespace zipp::generation
