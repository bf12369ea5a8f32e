// The builtin tiny model's denoiser (docs/generation.md "Builtin tiny model"): a small UNet in
// pixel space. conv_in; at full resolution a residual block (skip A), a stride-2 convolution; at
// half resolution a residual block widening to channels[1] (skip B), a stride-2 convolution; two
// residual blocks at quarter resolution (channels[2]); nearest upsampling, skip B concatenated, a
// residual block; upsampling, skip A, a residual block; GroupNorm, SiLU, conv_out to 3 channels.
// Every residual block is FiLM-conditioned: the sinusoidal timestep embedding through an MLP plus
// the text conditioning row give a per-channel scale and shift after the block's second norm.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include "generation/builtin/tiny_architecture.h"

namespace zipp::generation::builtin {

class TinyResBlockImpl : public torch::nn::Module {
 public:
  TinyResBlockImpl(std::int64_t in, std::int64_t out, std::int64_t groups, std::int64_t emb_dim);
  at::Tensor forward(const at::Tensor& x, const at::Tensor& emb);

 private:
  torch::nn::GroupNorm norm1_{nullptr};
  torch::nn::Conv2d conv1_{nullptr};
  torch::nn::Linear film_{nullptr};
  torch::nn::GroupNorm norm2_{nullptr};
  torch::nn::Conv2d conv2_{nullptr};
  torch::nn::Conv2d skip_{nullptr};  // 1x1 when the width changes
};
TORCH_MODULE(TinyResBlock);

class TinyUNetImpl : public torch::nn::Module {
 public:
  explicit TinyUNetImpl(const TinyArchitecture& architecture);

  // samples [B, 3, H, W] (H, W multiples of 4), timesteps [B] float, conditioning [B, cond_dim]
  // -> the predicted noise [B, 3, H, W].
  at::Tensor forward(const at::Tensor& samples, const at::Tensor& timesteps,
                     const at::Tensor& conditioning);

 private:
  std::int64_t cond_dim_;
  torch::nn::Linear time1_{nullptr};
  torch::nn::Linear time2_{nullptr};
  torch::nn::Conv2d conv_in_{nullptr};
  TinyResBlock down0_{nullptr};
  torch::nn::Conv2d pool0_{nullptr};
  TinyResBlock down1_{nullptr};
  torch::nn::Conv2d pool1_{nullptr};
  TinyResBlock mid0_{nullptr};
  TinyResBlock mid1_{nullptr};
  TinyResBlock up1_{nullptr};
  TinyResBlock up0_{nullptr};
  torch::nn::GroupNorm norm_out_{nullptr};
  torch::nn::Conv2d conv_out_{nullptr};
};
TORCH_MODULE(TinyUNet);

}  // namespace zipp::generation::builtin
