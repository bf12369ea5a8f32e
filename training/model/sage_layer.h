// The GraphSAGE layer with mean aggregation (Hamilton et al. 2017, in PyG's SAGEConv form), the
// ablation baseline of docs method §5 "Encoder ablation": the same bipartite block as the GATv2
// layer, messages source -> target only, but every neighbour weighs the same and edge features
// are not used:
//   out_i = W_l mean_{j in N(i)} x_j + W_r x_i      (W_l with bias, W_r without)
// A target with no edges gets out_i = b_l + W_r x_i.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace zipp::training {

struct SageOptions {
  std::int64_t source_dim = 0;
  std::int64_t target_dim = 0;
  std::int64_t out_dim = 0;
};

class SageLayerImpl : public torch::nn::Module {
 public:
  explicit SageLayerImpl(const SageOptions& options);

  // source: [S, source_dim]; target: [T, target_dim]; edge_source: [E] int64 in [0, S);
  // edge_target: [E] int64 in [0, T). Edges may come in any order.
  at::Tensor forward(const at::Tensor& source, const at::Tensor& target,
                     const at::Tensor& edge_source, const at::Tensor& edge_target);

  // Each edge's weight in its target's mean, 1 / deg(target): the uniform counterpart of the
  // GATv2 attention, so attention-ranked outputs have a defined meaning for this layer too.
  static at::Tensor edge_weights(const at::Tensor& edge_target, std::int64_t num_targets);

  const SageOptions& options() const { return options_; }

 private:
  SageOptions options_;
  torch::nn::Linear lin_l_{nullptr};  // applied to the neighbour mean (with bias)
  torch::nn::Linear lin_r_{nullptr};  // applied to the target itself (no bias)
};
TORCH_MODULE(SageLayer);

}  // namespace zipp::training
