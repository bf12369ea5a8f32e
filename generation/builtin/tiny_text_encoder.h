// The builtin tiny model's text encoder (docs/generation.md "Builtin tiny model"): learned word
// and position embeddings, pooled two ways over the prompt's tokens (<pad> masked out): the mean,
// and an attention pool whose learned per-token scores let style words outweigh the subject; the
// two pools concatenated go through a two-layer MLP to one conditioning row per prompt.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include "generation/builtin/tiny_architecture.h"

namespace zipp::generation::builtin {

class TinyTextEncoderImpl : public torch::nn::Module {
 public:
  explicit TinyTextEncoderImpl(const TinyArchitecture& architecture);

  // Token ids [B, L] (L <= max_tokens, <bos> first) -> conditioning [B, cond_dim].
  at::Tensor forward(const at::Tensor& ids);

 private:
  torch::nn::Embedding words_{nullptr};
  at::Tensor positions_;
  torch::nn::Linear score_{nullptr};
  torch::nn::Linear hidden_{nullptr};
  torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(TinyTextEncoder);

}  // namespace zipp::generation::builtin
