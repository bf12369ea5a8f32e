// A sampled mini-batch as the tensors one training step consumes (docs/training.md "Trainer"):
// the encoder's block (features, COO edges, edge features), each seed's positive, and the
// ImageAlign inputs. The step itself (train_step.h) takes these, so tests and benchmarks can feed
// it blocks built any way they like.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

#include "partition/shard.h"
#include "training/model/encoder.h"
#include "training/sampler/mini_batch.h"

namespace zipp::training {

struct BatchTensors {
  EncoderInput block;
  at::Tensor positive;      // [B] int64: each seed's positive subreddit, a row of the block
  at::Tensor positive_ids;  // [B] int64: its global subreddit id (false-negative masking)
  // ImageAlign: has_vector [B] bool marks the seeds that take part (the first max_pairs with an
  // alignment vector, in batch order); alignment [M, Da] float holds their vectors in that order.
  at::Tensor has_vector;
  at::Tensor alignment;

  std::int64_t num_users() const { return block.num_users; }
  std::int64_t num_aligned() const { return alignment.defined() ? alignment.size(0) : 0; }
};

// `block_features` [S_b, D] are the features of batch.block_local (the feature store's answer).
// `alignment_dim` sizes the (possibly empty) alignment tensor when the shard carries none.
BatchTensors batch_tensors(const MiniBatch& batch, const at::Tensor& block_features,
                           const partition::Shard& shard, std::int64_t max_align_pairs,
                           std::int64_t alignment_dim);

// The same tensors on `device` (a no-op copy on CPU).
BatchTensors to_device(const BatchTensors& batch, const at::Device& device);

}  // namespace zipp::training
