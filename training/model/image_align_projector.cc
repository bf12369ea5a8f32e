#include "training/model/image_align_projector.h"

#include <ATen/ops/dropout.h>
#include <ATen/ops/gelu.h>

namespace zipp::training {

ImageAlignProjectorImpl::ImageAlignProjectorImpl(std::int64_t alignment_dim, std::int64_t hidden,
                                                 double dropout)
    : dropout_(dropout) {
  first_ = register_module("first", torch::nn::Linear(alignment_dim, hidden));
  first_norm_ =
      register_module("first_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
  second_ = register_module("second", torch::nn::Linear(hidden, hidden));
  second_norm_ =
      register_module("second_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
}

at::Tensor ImageAlignProjectorImpl::forward(const at::Tensor& alignment) {
  at::Tensor h = at::gelu(first_norm_->forward(first_->forward(alignment)));
  h = at::dropout(h, dropout_, is_training());
  return second_norm_->forward(second_->forward(h));
}

}  // namespace zipp::training
