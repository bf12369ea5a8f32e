#include "training/model/gatv2_layer.h"

#include <cmath>

#include <ATen/TensorOperators.h>
#include <ATen/ops/dropout.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/leaky_relu.h>
#include <ATen/ops/zeros.h>

#include "core/check.h"
#include "core/error.h"
#include "training/model/segment_softmax.h"

namespace zipp::training {

namespace {
constexpr double kNegativeSlope = 0.2;
}  // namespace

GatV2LayerImpl::GatV2LayerImpl(const GatV2Options& options) : options_(options) {
  ZIPP_CHECK_T(core::ConfigError,
               options.source_dim >= 1 && options.target_dim >= 1 && options.out_dim >= 1 &&
                   options.edge_dim >= 1,
               "GATv2 sizes must be positive, found source_dim ", options.source_dim,
               ", target_dim ", options.target_dim, ", out_dim ", options.out_dim, ", edge_dim ",
               options.edge_dim);
  ZIPP_CHECK_T(core::ConfigError, options.heads >= 1, "GATv2 heads must be at least 1, found ",
               options.heads);
  const std::int64_t width = options.heads * options.out_dim;
  lin_l_ = register_module("lin_l", torch::nn::Linear(options.source_dim, width));
  lin_r_ = register_module("lin_r", torch::nn::Linear(options.target_dim, width));
  lin_e_ = register_module(
      "lin_e", torch::nn::Linear(torch::nn::LinearOptions(options.edge_dim, width).bias(false)));
  // Glorot-uniform attention vectors, as GATv2's reference implementation.
  const double bound = std::sqrt(6.0 / static_cast<double>(options.heads + options.out_dim));
  att_ = register_parameter("att",
                            at::empty({options.heads, options.out_dim}).uniform_(-bound, bound));
  bias_ = register_parameter("bias", at::zeros({options.out_dim}));
}

GatV2Result GatV2LayerImpl::forward(const at::Tensor& source, const at::Tensor& target,
                                    const at::Tensor& edge_source, const at::Tensor& edge_target,
                                    const at::Tensor& edge_features,
                                    AttentionOutput attention_output) {
  const std::int64_t num_edges = edge_source.size(0);
  ZIPP_CHECK_EQ(edge_target.size(0), num_edges, "GATv2: edge_target length");
  ZIPP_CHECK(edge_features.dim() == 2 && edge_features.size(0) == num_edges &&
                 edge_features.size(1) == options_.edge_dim,
             "GATv2: edge_features must be [", num_edges, ", ", options_.edge_dim, "], found ",
             edge_features.sizes());
  const std::int64_t heads = options_.heads;
  const std::int64_t out_dim = options_.out_dim;

  const at::Tensor xl =
      lin_l_->forward(source).index_select(0, edge_source).view({num_edges, heads, out_dim});
  const at::Tensor xr =
      lin_r_->forward(target).index_select(0, edge_target).view({num_edges, heads, out_dim});
  const at::Tensor xe = lin_e_->forward(edge_features).view({num_edges, heads, out_dim});
  const at::Tensor hidden = at::leaky_relu(xl + xr + xe, kNegativeSlope);
  const at::Tensor scores = (hidden * att_.unsqueeze(0)).sum(-1);  // [E, K]
  const at::Tensor alpha = segment_softmax(scores, edge_target, target.size(0));
  const at::Tensor kept = at::dropout(alpha, options_.attention_dropout, is_training());

  const at::Tensor messages = (kept.unsqueeze(-1) * xl).view({num_edges, heads * out_dim});
  const at::Tensor summed = at::zeros({target.size(0), heads * out_dim}, messages.options())
                                .index_add(0, edge_target, messages);
  GatV2Result result;
  result.out = summed.view({target.size(0), heads, out_dim}).mean(1) + bias_;
  if (attention_output == AttentionOutput::kReturn) result.attention = alpha;
  return result;
}

}  // namespace zipp::training
