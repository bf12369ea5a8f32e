#include "generation/schedule/euler_scheduler.h"

#include <ATen/TensorOperators.h>

namespace zipp::generation {

at::Tensor EulerScheduler::step(const at::Tensor& model_output, std::int64_t i,
                                const at::Tensor& sample, const NoiseDraw&) {
  begin_step(i);
  const auto k = static_cast<std::size_t>(i);
  const double sigma = sigmas()[k];
  const double sigma_next = sigmas()[k + 1];
  const at::Tensor derivative = (sample - denoised(model_output, i, sample)) / sigma;
  return sample + derivative * (sigma_next - sigma);
}

}  // namespace zipp::generation
