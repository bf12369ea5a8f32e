#include "generation/builtin/tiny_text_encoder.h"

#include <limits>

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/softmax.h>

#include "core/error.h"
#include "core/str.h"
#include "generation/builtin/word_vocabulary.h"

namespace zipp::generation::builtin {

TinyTextEncoderImpl::TinyTextEncoderImpl(const TinyArchitecture& a) {
  if (a.vocabulary <= kBosToken) {
    throw core::InputError(
        core::str("tiny text encoder: the vocabulary needs more than the 3 special tokens, found ",
                  a.vocabulary));
  }
  words_ = register_module("words", torch::nn::Embedding(a.vocabulary, a.embed_dim));
  positions_ = register_parameter("positions", at::randn({a.max_tokens, a.embed_dim}) * 0.02);
  score_ = register_module("score", torch::nn::Linear(a.embed_dim, 1));
  hidden_ = register_module("hidden", torch::nn::Linear(2 * a.embed_dim, a.cond_dim));
  out_ = register_module("out", torch::nn::Linear(a.cond_dim, a.cond_dim));
}

at::Tensor TinyTextEncoderImpl::forward(const at::Tensor& ids) {
  const auto length = ids.size(1);
  if (length > positions_.size(0)) {
    throw core::InputError(core::str("tiny text encoder: ", length,
                                     " tokens, more than the model's ", positions_.size(0)));
  }
  const at::Tensor embedded = words_->forward(ids) + positions_.narrow(0, 0, length).unsqueeze(0);
  const at::Tensor mask = (ids != kPadToken).unsqueeze(-1).to(embedded.scalar_type());
  const at::Tensor mean = (embedded * mask).sum(1) / mask.sum(1).clamp_min(1.0);
  const at::Tensor scores =
      score_->forward(embedded).masked_fill(mask == 0, -std::numeric_limits<float>::infinity());
  const at::Tensor weights = at::softmax(scores, 1);
  const at::Tensor attended = (embedded * weights).sum(1);
  return out_->forward(at::silu(hidden_->forward(at::cat({mean, attended}, 1))));
}

}  // namespace zipp::generation::builtin
