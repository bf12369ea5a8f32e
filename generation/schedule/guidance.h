// Classifier-free guidance (Ho & Salimans 2022; docs/generation.md "Sampling"): the denoiser runs
// once without the prompt and once with it, and the guided prediction extrapolates from the
// unconditional towards (and past) the conditional one:
//   guided = uncond + scale * (cond - uncond).
// scale 1 is the conditional prediction alone, 0 the unconditional one.
#pragma once

#include <ATen/core/Tensor.h>

namespace zipp::generation {

at::Tensor classifier_free_guidance(const at::Tensor& uncond, const at::Tensor& cond, double scale);

}  // namespace zipp::generation
