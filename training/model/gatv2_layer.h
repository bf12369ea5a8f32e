// One GATv2 attention pass over a bipartite block, messages flowing source -> target only (docs
// method §2: subreddit -> user), with edge features inside the attention and K heads averaged:
//   score_ijh = a_h . LeakyReLU_0.2(W_r x_i + W_l x_j + W_e e_ij)
//   alpha_ijh = softmax over the edges j of target i
//   out_i     = mean_h sum_j alpha_ijh (W_l x_j)_h + bias
// No self-loops: a target with no edges gets the empty sum, i.e. out_i = bias.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace zipp::training {

// Whether a forward pass also returns its attention coefficients (persona ranking wants them;
// training does not).
enum class AttentionOutput { kSkip, kReturn };

struct GatV2Options {
  std::int64_t source_dim = 0;
  std::int64_t target_dim = 0;
  std::int64_t out_dim = 0;
  std::int64_t heads = 1;
  std::int64_t edge_dim = 2;
  double attention_dropout = 0.0;
};

struct GatV2Result {
  at::Tensor out;        // [num_targets, out_dim]
  at::Tensor attention;  // [E, heads], before attention dropout; undefined unless kReturn
};

class GatV2LayerImpl : public torch::nn::Module {
 public:
  explicit GatV2LayerImpl(const GatV2Options& options);

  // source: [S, source_dim]; target: [T, target_dim]; edge_source: [E] int64 in [0, S);
  // edge_target: [E] int64 in [0, T); edge_features: [E, edge_dim]. Edges may come in any order.
  GatV2Result forward(const at::Tensor& source, const at::Tensor& target,
                      const at::Tensor& edge_source, const at::Tensor& edge_target,
                      const at::Tensor& edge_features, AttentionOutput attention_output);

  const GatV2Options& options() const { return options_; }
  // Parameter access for reference computations and inspection.
  const torch::nn::Linear& lin_source() const { return lin_l_; }
  const torch::nn::Linear& lin_target() const { return lin_r_; }
  const torch::nn::Linear& lin_edge() const { return lin_e_; }
  const at::Tensor& attention_vector() const { return att_; }  // [heads, out_dim]
  const at::Tensor& bias() const { return bias_; }             // [out_dim]

 private:
  GatV2Options options_;
  torch::nn::Linear lin_l_{nullptr};  // W_l, applied to sources (with bias)
  torch::nn::Linear lin_r_{nullptr};  // W_r, applied to targets (with bias)
  torch::nn::Linear lin_e_{nullptr};  // W_e, applied to edge features (no bias: W_r's suffices)
  at::Tensor att_;
  at::Tensor bias_;
};
TORCH_MODULE(GatV2Layer);

}  // namespace zipp::training
