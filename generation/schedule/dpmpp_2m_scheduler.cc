#include "generation/schedule/dpmpp_2m_scheduler.h"

#include <cmath>
#include <utility>

#include <ATen/TensorOperators.h>

namespace zipp::generation {

at::Tensor DpmSolverPp2mScheduler::step(const at::Tensor& model_output, std::int64_t i,
                                        const at::Tensor& sample, const NoiseDraw&) {
  begin_step(i);
  const auto k = static_cast<std::size_t>(i);
  const double sigma = sigmas()[k];
  const double sigma_next = sigmas()[k + 1];
  at::Tensor d = denoised(model_output, i, sample);
  at::Tensor next;
  if (sigma_next == 0.0) {
    // lambda_{i+1} = infinity: expm1(-h) = -1 and the sigma ratio is 0.
    next = d;
  } else {
    const double h = std::log(sigma) - std::log(sigma_next);
    const double decay = -std::expm1(-h);
    if (!previous_denoised_.defined()) {
      next = sample * (sigma_next / sigma) + d * decay;
    } else {
      const double h_last = std::log(sigmas()[k - 1]) - std::log(sigma);
      const double r = h_last / h;
      const at::Tensor corrected =
          d * (1.0 + 1.0 / (2.0 * r)) - previous_denoised_ * (1.0 / (2.0 * r));
      next = sample * (sigma_next / sigma) + corrected * decay;
    }
  }
  previous_denoised_ = std::move(d);
  return next;
}

}  // namespace zipp::generation
