#include "training/model/mlp_head.h"

#include <ATen/ops/silu.h>

#include "training/model/input_projection.h"

namespace zipp::training {

MlpHeadImpl::MlpHeadImpl(std::int64_t in_dim, std::int64_t inner_dim, std::int64_t out_dim) {
  first_ = register_module("first", torch::nn::Linear(in_dim, inner_dim));
  second_ = register_module("second", torch::nn::Linear(inner_dim, out_dim));
}

at::Tensor MlpHeadImpl::forward(const at::Tensor& x) {
  return l2_normalize_rows(second_->forward(at::silu(first_->forward(x))));
}

}  // namespace zipp::training
