// The ImageAlign projector P of docs method §2, mapping a user's alignment vector v_u (dim Da) into
// the encoder's space: Linear -> LayerNorm -> GELU -> Dropout -> Linear -> LayerNorm.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace zipp::training {

class ImageAlignProjectorImpl : public torch::nn::Module {
 public:
  ImageAlignProjectorImpl(std::int64_t alignment_dim, std::int64_t hidden, double dropout);

  at::Tensor forward(const at::Tensor& alignment);  // [N, Da] -> [N, hidden]

 private:
  torch::nn::Linear first_{nullptr};
  torch::nn::LayerNorm first_norm_{nullptr};
  torch::nn::Linear second_{nullptr};
  torch::nn::LayerNorm second_norm_{nullptr};
  double dropout_;
};
TORCH_MODULE(ImageAlignProjector);

}  // namespace zipp::training
