#include "generation/schedule/euler_ancestral_scheduler.h"

#include <algorithm>
#include <cmath>

#include <ATen/TensorOperators.h>

namespace zipp::generation {

at::Tensor EulerAncestralScheduler::step(const at::Tensor& model_output, std::int64_t i,
                                         const at::Tensor& sample, const NoiseDraw& noise) {
  begin_step(i);
  const auto k = static_cast<std::size_t>(i);
  const double sigma = sigmas()[k];
  const double sigma_next = sigmas()[k + 1];
  const double up_squared =
      sigma_next * sigma_next * (sigma * sigma - sigma_next * sigma_next) / (sigma * sigma);
  const double sigma_up = std::sqrt(std::max(up_squared, 0.0));
  const double sigma_down = std::sqrt(std::max(sigma_next * sigma_next - up_squared, 0.0));
  const at::Tensor derivative = (sample - denoised(model_output, i, sample)) / sigma;
  const at::Tensor z = noise();
  return sample + derivative * (sigma_down - sigma) + z * sigma_up;
}

}  // namespace zipp::generation
