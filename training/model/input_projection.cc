#include "training/model/input_projection.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/dropout.h>
#include <ATen/ops/leaky_relu.h>

namespace zipp::training {

namespace {
constexpr double kNegativeSlope = 0.2;
constexpr double kNormFloor = 1e-12;
}  // namespace

InputProjectionImpl::InputProjectionImpl(std::int64_t in_dim, std::int64_t out_dim, double dropout)
    : dropout_(dropout) {
  linear_ = register_module("linear", torch::nn::Linear(in_dim, out_dim));
  norm_ = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({out_dim})));
}

at::Tensor InputProjectionImpl::forward(const at::Tensor& x) {
  at::Tensor h = at::leaky_relu(norm_->forward(linear_->forward(x)), kNegativeSlope);
  h = at::dropout(h, dropout_, is_training());
  return l2_normalize_rows(h);
}

at::Tensor l2_normalize_rows(const at::Tensor& x) {
  return x / x.norm(2, {-1}, /*keepdim=*/true).clamp_min(kNormFloor);
}

}  // namespace zipp::training
