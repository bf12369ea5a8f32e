// One InfoNCE objective's trainable parts (docs method §2): a query head for user embeddings, a key
// head for the other side (subreddit embeddings, or projected visual vectors), and the learnable
// log-scale theta, initialised at 0. The loss forms logits exp(min(theta, cap)) * (q . k) / tau.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "training/model/mlp_head.h"

namespace zipp::training {

class ContrastiveHeadsImpl : public torch::nn::Module {
 public:
  // Both sides take [N, dim] embeddings and return [N, dim] unit rows.
  ContrastiveHeadsImpl(std::int64_t dim, std::int64_t inner_dim);

  at::Tensor query(const at::Tensor& users) { return query_->forward(users); }
  at::Tensor key(const at::Tensor& others) { return key_->forward(others); }
  const at::Tensor& log_scale() const { return log_scale_; }  // theta, a 0-d parameter

 private:
  MlpHead query_{nullptr};
  MlpHead key_{nullptr};
  at::Tensor log_scale_;
};
TORCH_MODULE(ContrastiveHeads);

}  // namespace zipp::training
