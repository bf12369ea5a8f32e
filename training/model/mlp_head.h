// A contrastive head of docs method §2: Linear -> SiLU -> Linear, then L2-normalise each row.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace zipp::training {

class MlpHeadImpl : public torch::nn::Module {
 public:
  MlpHeadImpl(std::int64_t in_dim, std::int64_t inner_dim, std::int64_t out_dim);

  at::Tensor forward(const at::Tensor& x);  // [N, in_dim] -> [N, out_dim], unit rows

 private:
  torch::nn::Linear first_{nullptr};
  torch::nn::Linear second_{nullptr};
};
TORCH_MODULE(MlpHead);

}  // namespace zipp::training
