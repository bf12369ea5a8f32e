// The inductive user encoder of docs method §2. Subreddits are embedded by their input projection
// alone; users carry no features: each starts from a learned type-level input vector, then two
// GATv2 passes over the same one-hop block (subreddit -> user) and a residual:
//   u0 = proj_u(user_input), u1 = GAT1(s, u0), u2 = GAT2(s, u1), u = normalize(u1 + u2).
// A user with no edges gets u = normalize(bias1 + bias2) (the empty aggregation plus each layer's
// bias), which is zero while both biases are. The block format is independent of the sampler.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "training/model/gatv2_layer.h"
#include "training/model/input_projection.h"
#include "training/model/model_config.h"
#include "training/model/sage_layer.h"

namespace zipp::training {

// One message-passing block: the block's users are 0..num_users-1, its subreddits the rows of
// subreddit_features, and each edge joins one of each.
struct EncoderInput {
  at::Tensor subreddit_features;  // [S_b, feature_dim] float
  at::Tensor edge_user;           // [E] int64 in [0, num_users)
  at::Tensor edge_subreddit;      // [E] int64 in [0, S_b)
  at::Tensor edge_features;       // [E, 2] float (e1, e2 of docs method §1)
  std::int64_t num_users = 0;
};

struct EncoderOutput {
  at::Tensor users;       // [num_users, hidden], unit rows (zero for users with no edges at init)
  at::Tensor subreddits;  // [S_b, hidden], unit rows
  // [E, heads] of the second GATv2 pass (with aggregator "mean": each edge's weight 1/deg in
  // its user's mean, repeated over heads); undefined unless requested.
  at::Tensor attention;
};

class EncoderImpl : public torch::nn::Module {
 public:
  explicit EncoderImpl(const ModelConfig& config);

  // Throws InputError when the block's shapes, dtypes or indices are inconsistent.
  EncoderOutput forward(const EncoderInput& input,
                        AttentionOutput attention_output = AttentionOutput::kSkip);

  const ModelConfig& config() const { return config_; }
  // The two passes; null for the aggregator not configured.
  const GatV2Layer& gat1() const { return gat1_; }
  const GatV2Layer& gat2() const { return gat2_; }
  const SageLayer& sage1() const { return sage1_; }
  const SageLayer& sage2() const { return sage2_; }

 private:
  ModelConfig config_;
  InputProjection subreddit_projection_{nullptr};
  InputProjection user_projection_{nullptr};
  at::Tensor user_input_;  // [user_input_dim], shared by every user
  GatV2Layer gat1_{nullptr};
  GatV2Layer gat2_{nullptr};
  SageLayer sage1_{nullptr};
  SageLayer sage2_{nullptr};
};
TORCH_MODULE(Encoder);

// The shape, dtype and index checks forward() runs, exposed for callers that build blocks.
void check_encoder_input(const EncoderInput& input, std::int64_t feature_dim);

}  // namespace zipp::training
