#include "training/model/sage_layer.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/zeros.h>

#include "core/check.h"
#include "core/error.h"

namespace zipp::training {

SageLayerImpl::SageLayerImpl(const SageOptions& options) : options_(options) {
  ZIPP_CHECK_T(core::ConfigError,
               options.source_dim >= 1 && options.target_dim >= 1 && options.out_dim >= 1,
               "GraphSAGE sizes must be positive, found source_dim ", options.source_dim,
               ", target_dim ", options.target_dim, ", out_dim ", options.out_dim);
  lin_l_ = register_module("lin_l", torch::nn::Linear(options.source_dim, options.out_dim));
  lin_r_ = register_module(
      "lin_r",
      torch::nn::Linear(torch::nn::LinearOptions(options.target_dim, options.out_dim).bias(false)));
}

at::Tensor SageLayerImpl::edge_weights(const at::Tensor& edge_target, std::int64_t num_targets) {
  const at::Tensor ones = at::ones({edge_target.size(0)}, at::TensorOptions().dtype(at::kFloat));
  const at::Tensor degree =
      at::zeros({num_targets}, ones.options()).index_add_(0, edge_target, ones);
  return ones / degree.index_select(0, edge_target);
}

at::Tensor SageLayerImpl::forward(const at::Tensor& source, const at::Tensor& target,
                                  const at::Tensor& edge_source, const at::Tensor& edge_target) {
  const std::int64_t num_edges = edge_source.size(0);
  ZIPP_CHECK_EQ(edge_target.size(0), num_edges, "GraphSAGE: edge_target length");
  const std::int64_t num_targets = target.size(0);
  const at::Tensor messages = source.index_select(0, edge_source);
  const at::Tensor sums = at::zeros({num_targets, source.size(1)}, source.options())
                              .index_add(0, edge_target, messages);
  const at::Tensor ones = at::ones({num_edges, 1}, source.options());
  // Edgeless targets divide 0 by 1: their mean is the zero vector.
  const at::Tensor degree =
      at::zeros({num_targets, 1}, source.options()).index_add(0, edge_target, ones).clamp_min(1);
  return lin_l_->forward(sums / degree) + lin_r_->forward(target);
}

}  // namespace zipp::training
