#include "generation/schedule/model_output.h"

#include <cmath>

#include <ATen/TensorOperators.h>

#include "core/check.h"
#include "core/error.h"

namespace zipp::generation {

at::Tensor predicted_original(const at::Tensor& model_output, const at::Tensor& sample,
                              double alpha_bar, Prediction prediction) {
  const double a = std::sqrt(alpha_bar);
  const double s = std::sqrt(1.0 - alpha_bar);
  if (prediction == Prediction::kV) return sample * a - model_output * s;
  return (sample - model_output * s) / a;
}

at::Tensor predicted_noise(const at::Tensor& model_output, const at::Tensor& sample,
                           double alpha_bar, Prediction prediction) {
  const double a = std::sqrt(alpha_bar);
  const double s = std::sqrt(1.0 - alpha_bar);
  if (prediction == Prediction::kV) return model_output * a + sample * s;
  return model_output;
}

at::Tensor noise_from_original(const at::Tensor& original, const at::Tensor& sample,
                               double alpha_bar) {
  return (sample - original * std::sqrt(alpha_bar)) / std::sqrt(1.0 - alpha_bar);
}

at::Tensor clip_original(const at::Tensor& original, std::optional<double> range) {
  if (!range) return original;
  return original.clamp(-*range, *range);
}

void check_clip_sample_range(std::optional<double> range) {
  ZIPP_CHECK_T(core::ConfigError, !range || (std::isfinite(*range) && *range > 0.0),
               "key 'clip_sample_range': the clip range of the predicted x_0 must be a finite "
               "number > 0, found ",
               range.value_or(0.0));
}

}  // namespace zipp::generation
