#include "generation/schedule/model_output.h"

#include <cmath>

#include <ATen/TensorOperators.h>

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

}  // namespace zipp::generation
