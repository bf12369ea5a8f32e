#include "generation/builtin/tiny_unet.h"

#include <cmath>

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/cos.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/sin.h>
#include <ATen/ops/upsample_nearest2d.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation::builtin {
namespace {

torch::nn::Conv2d conv3(std::int64_t in, std::int64_t out, std::int64_t stride = 1) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1));
}

at::Tensor upsample(const at::Tensor& x) {
  return at::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2});
}

// Sinusoidal embedding of float timesteps [B] -> [B, dim] (sin half, then cos half).
at::Tensor timestep_embedding(const at::Tensor& t, std::int64_t dim) {
  const std::int64_t half = dim / 2;
  const at::Tensor freqs = at::exp(at::arange(half, t.options().dtype(at::kFloat)) *
                                   (-std::log(10000.0) / static_cast<double>(half)));
  const at::Tensor args = t.to(at::kFloat).unsqueeze(1) * freqs.unsqueeze(0);
  return at::cat({at::sin(args), at::cos(args)}, 1);
}

}  // namespace

TinyResBlockImpl::TinyResBlockImpl(std::int64_t in, std::int64_t out, std::int64_t groups,
                                   std::int64_t emb_dim) {
  norm1_ = register_module("norm1", torch::nn::GroupNorm(groups, in));
  conv1_ = register_module("conv1", conv3(in, out));
  film_ = register_module("film", torch::nn::Linear(emb_dim, 2 * out));
  norm2_ = register_module("norm2", torch::nn::GroupNorm(groups, out));
  conv2_ = register_module("conv2", conv3(out, out));
  if (in != out) {
    skip_ = register_module("skip", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
  }
}

at::Tensor TinyResBlockImpl::forward(const at::Tensor& x, const at::Tensor& emb) {
  at::Tensor h = conv1_->forward(at::silu(norm1_->forward(x)));
  const auto film = film_->forward(emb).unsqueeze(-1).unsqueeze(-1).chunk(2, 1);
  h = norm2_->forward(h) * (1 + film[0]) + film[1];
  h = conv2_->forward(at::silu(h));
  return h + (skip_ ? skip_->forward(x) : x);
}

TinyUNetImpl::TinyUNetImpl(const TinyArchitecture& a) : cond_dim_(a.cond_dim) {
  const auto [c0, c1, c2] = a.channels;
  for (const auto c : a.channels) {
    if (c <= 0 || a.groups <= 0 || c % a.groups != 0) {
      throw core::InputError(core::str("tiny UNet: channels ", c,
                                       " must be a positive multiple of groups ", a.groups));
    }
  }
  const auto e = a.cond_dim;
  time1_ = register_module("time1", torch::nn::Linear(e, e));
  time2_ = register_module("time2", torch::nn::Linear(e, e));
  conv_in_ = register_module("conv_in", conv3(3, c0));
  down0_ = register_module("down0", TinyResBlock(c0, c0, a.groups, e));
  pool0_ = register_module("pool0", conv3(c0, c0, 2));
  down1_ = register_module("down1", TinyResBlock(c0, c1, a.groups, e));
  pool1_ = register_module("pool1", conv3(c1, c1, 2));
  mid0_ = register_module("mid0", TinyResBlock(c1, c2, a.groups, e));
  mid1_ = register_module("mid1", TinyResBlock(c2, c2, a.groups, e));
  up1_ = register_module("up1", TinyResBlock(c2 + c1, c1, a.groups, e));
  up0_ = register_module("up0", TinyResBlock(c1 + c0, c0, a.groups, e));
  norm_out_ = register_module("norm_out", torch::nn::GroupNorm(a.groups, c0));
  conv_out_ = register_module("conv_out", conv3(c0, 3));
}

at::Tensor TinyUNetImpl::forward(const at::Tensor& samples, const at::Tensor& timesteps,
                                 const at::Tensor& conditioning) {
  if (samples.dim() != 4 || samples.size(1) != 3 || samples.size(2) % 4 != 0 ||
      samples.size(3) % 4 != 0) {
    throw core::InputError(
        core::str("tiny UNet: samples must be [B, 3, H, W] with H and W multiples of 4, found ",
                  samples.sizes()));
  }
  if (conditioning.dim() != 2 || conditioning.size(0) != samples.size(0) ||
      conditioning.size(1) != cond_dim_) {
    throw core::InputError(core::str("tiny UNet: conditioning must be [", samples.size(0), ", ",
                                     cond_dim_, "], found ", conditioning.sizes()));
  }
  at::Tensor t = timesteps.dim() == 0 ? timesteps.expand({samples.size(0)}) : timesteps;
  at::Tensor emb = time2_->forward(at::silu(time1_->forward(timestep_embedding(t, cond_dim_))));
  emb = at::silu(emb + conditioning);
  const at::Tensor h0 = down0_->forward(conv_in_->forward(samples), emb);
  const at::Tensor h1 = down1_->forward(pool0_->forward(h0), emb);
  at::Tensor h = mid1_->forward(mid0_->forward(pool1_->forward(h1), emb), emb);
  h = up1_->forward(at::cat({upsample(h), h1}, 1), emb);
  h = up0_->forward(at::cat({upsample(h), h0}, 1), emb);
  return conv_out_->forward(at::silu(norm_out_->forward(h)));
}

}  // namespace zipp::generation::builtin
