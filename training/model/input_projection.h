// The per-node-type input projection of docs method §2:
// Linear(D_in -> H) -> LayerNorm -> LeakyReLU(0.2) -> Dropout, then L2-normalise each row.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace zipp::training {

class InputProjectionImpl : public torch::nn::Module {
 public:
  InputProjectionImpl(std::int64_t in_dim, std::int64_t out_dim, double dropout);

  // x: [N, in_dim] -> [N, out_dim] with unit-norm rows.
  at::Tensor forward(const at::Tensor& x);

 private:
  torch::nn::Linear linear_{nullptr};
  torch::nn::LayerNorm norm_{nullptr};
  double dropout_;
};
TORCH_MODULE(InputProjection);

// Row-wise L2 normalisation with a floor on the norm, so a zero row maps to zero, not NaN.
at::Tensor l2_normalize_rows(const at::Tensor& x);

}  // namespace zipp::training
