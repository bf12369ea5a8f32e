// An image embedder: the space CMMD and the style-separation figures measure images in
// (docs/evaluation.md). Rows are L2-normalised so distances between embedders are comparable.
// The builtin one is AestheticEmbedder (eval/embedders/aesthetic_embedder.h); a learned one (CLIP)
// can sit behind the same interface.
#pragma once

#include <cstdint>
#include <string>

#include <ATen/core/Tensor.h>

namespace zipp::eval {

class ImageEmbedder {
 public:
  virtual ~ImageEmbedder() = default;

  // A name recorded beside the embeddings it makes ("aesthetic-v1").
  virtual std::string name() const = 0;
  virtual std::int64_t dim() const = 0;

  // Images [B, H, W, 3] uint8 RGB (CPU) -> float32 [B, dim()], each row of L2 norm 1.
  // InputError for another shape or dtype.
  virtual at::Tensor embed(const at::Tensor& images_uint8_BHW3) = 0;
};

}  // namespace zipp::eval
