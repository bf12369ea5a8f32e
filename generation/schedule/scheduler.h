// A diffusion sampler's state over one sampling run (docs/generation.md "Schedulers"). The
// sampling loop (generation/sample) asks it, for each step i = 0 .. steps() - 1 in order, which
// training timestep to give the denoiser and how to scale the sample for it, then hands back the
// denoiser's output and receives the next sample. Samplers keep state between steps (DPM-Solver++
// remembers its previous prediction), so one instance serves one run; make_scheduler
// (generation/schedule/make_scheduler.h) builds a fresh one.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include <ATen/core/Tensor.h>

namespace zipp::generation {

// Standard normal noise shaped like the sample, each row drawn from its own request's generator
// (generation/sample/request_noise.h). Stochastic samplers call it once per step.
using NoiseDraw = std::function<at::Tensor()>;

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  virtual std::string_view name() const = 0;

  // The number of denoiser evaluations (one per step).
  virtual std::int64_t steps() const = 0;

  // The training timestep the denoiser sees at step i; fractional for the sigma-space samplers
  // when their sigma falls between training timesteps.
  virtual double timestep(std::int64_t i) const = 0;

  // Samples start as init_noise_sigma() times standard normal noise.
  virtual double init_noise_sigma() const = 0;

  // The denoiser's input at step i: the sample itself for DDIM, the sample divided by
  // sqrt(sigma^2 + 1) for the sigma-space samplers (which brings it back to the variance-
  // preserving x_t the model was trained on).
  virtual at::Tensor scale_model_input(const at::Tensor& sample, std::int64_t i) const = 0;

  // The sample after step i from the denoiser's output at step i (noise or v, as the schedule
  // says). Steps must come in order 0, 1, ...; InternalError otherwise. The last step returns
  // the clean sample estimate.
  virtual at::Tensor step(const at::Tensor& model_output, std::int64_t i, const at::Tensor& sample,
                          const NoiseDraw& noise) = 0;
};

}  // namespace zipp::generation
