#include "generation/schedule/guidance.h"

#include <ATen/TensorOperators.h>

namespace zipp::generation {

at::Tensor classifier_free_guidance(const at::Tensor& uncond, const at::Tensor& cond,
                                    double scale) {
  return uncond + (cond - uncond) * scale;
}

}  // namespace zipp::generation
