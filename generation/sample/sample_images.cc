#include "generation/sample/sample_images.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <c10/core/InferenceMode.h>

#include "core/check.h"
#include "generation/sample/sample_latents.h"

namespace zipp::generation {

at::Tensor sample_images(Pipeline& pipeline, std::span<const ImageRequest> requests,
                         const SamplingOptions& options) {
  const at::Tensor samples = sample_latents(pipeline, requests, options);
  const std::int64_t height = resolved_height(pipeline, options);
  const std::int64_t width = resolved_width(pipeline, options);
  const auto batch = static_cast<std::int64_t>(requests.size());
  if (batch == 0) return at::empty({0, height, width, 3}, at::kByte);
  at::Tensor images;
  {
    c10::InferenceMode inference;
    images = pipeline.decode(samples);
  }
  ZIPP_CHECK(images.dim() == 4 && images.size(0) == batch && images.size(1) == 3 &&
                 images.size(2) == height && images.size(3) == width,
             "pipeline ", pipeline.name(), ": decode returned shape ", images.sizes(),
             ", expected [", batch, ", 3, ", height, ", ", width, "]");
  // Outside inference mode, so the caller gets an ordinary tensor.
  return (images.to(at::kCPU, at::kFloat).clamp(0.0, 1.0) * 255.0)
      .round()
      .to(at::kByte)
      .permute({0, 2, 3, 1})
      .contiguous();
}

}  // namespace zipp::generation
