// One block of embedded users as `zipp embed` produces them (training/embed/user_embedder.h) and
// embeddings.h5 stores them (training/embed/embeddings_file.h), in a header of its own so that
// readers of embeddings.h5 do not compile the encoder's torch::nn headers.
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace zipp::training {

struct EmbeddedUsers {
  at::Tensor embeddings;             // [n, H] float32, unit rows (the encoder's user output)
  at::Tensor top_subreddits;         // [n, k] int64 global ids, -1 padded
  at::Tensor top_weights;            // [n, k] float32, 0 padded
  std::vector<std::int64_t> degree;  // edges each user was embedded from
};

}  // namespace zipp::training
