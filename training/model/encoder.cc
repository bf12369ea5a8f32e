#include "training/model/encoder.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/randn.h>

#include "core/check.h"
#include "core/error.h"

namespace zipp::training {

namespace {
constexpr std::int64_t kEdgeFeatureDim = 2;

void check_index(const at::Tensor& index, std::int64_t bound, std::string_view name) {
  ZIPP_CHECK_T(core::InputError,
               index.defined() && index.dim() == 1 && index.scalar_type() == at::kLong,
               "encoder block: ", name, " must be a 1-d int64 tensor");
  if (index.numel() == 0) return;
  const std::int64_t low = index.min().item<std::int64_t>();
  const std::int64_t high = index.max().item<std::int64_t>();
  ZIPP_CHECK_T(core::InputError, low >= 0 && high < bound, "encoder block: ", name,
               " must lie in [0, ", bound, "), found values in [", low, ", ", high, "]");
}
}  // namespace

void check_encoder_input(const EncoderInput& in, std::int64_t feature_dim) {
  ZIPP_CHECK_T(core::InputError, in.num_users >= 0, "encoder block: num_users must be >= 0, found ",
               in.num_users);
  ZIPP_CHECK_T(core::InputError,
               in.subreddit_features.defined() && in.subreddit_features.dim() == 2 &&
                   in.subreddit_features.size(1) == feature_dim &&
                   at::isFloatingType(in.subreddit_features.scalar_type()),
               "encoder block: subreddit_features must be a floating [S_b, ", feature_dim,
               "] tensor, found ",
               in.subreddit_features.defined() ? in.subreddit_features.sizes() : at::IntArrayRef{});
  const std::int64_t num_edges = in.edge_user.defined() ? in.edge_user.numel() : 0;
  check_index(in.edge_user, in.num_users, "edge_user");
  check_index(in.edge_subreddit, in.subreddit_features.size(0), "edge_subreddit");
  ZIPP_CHECK_T(core::InputError, in.edge_subreddit.numel() == num_edges,
               "encoder block: edge_subreddit has ", in.edge_subreddit.numel(),
               " entries, expected one per edge (", num_edges, ")");
  ZIPP_CHECK_T(
      core::InputError,
      in.edge_features.defined() && in.edge_features.dim() == 2 &&
          in.edge_features.size(0) == num_edges && in.edge_features.size(1) == kEdgeFeatureDim,
      "encoder block: edge_features must be [", num_edges, ", ", kEdgeFeatureDim, "], found ",
      in.edge_features.defined() ? in.edge_features.sizes() : at::IntArrayRef{});
}

EncoderImpl::EncoderImpl(const ModelConfig& config) : config_(config) {
  validate_model_config(config_);
  const std::int64_t hidden = config_.hidden;
  subreddit_projection_ = register_module(
      "subreddit_projection", InputProjection(config_.feature_dim, hidden, config_.dropout));
  user_projection_ =
      register_module("user_projection",
                      InputProjection(config_.resolved_user_input_dim(), hidden, config_.dropout));
  user_input_ = register_parameter("user_input", at::randn({config_.resolved_user_input_dim()}));
  if (!config_.uses_attention()) {
    const SageOptions sage{.source_dim = hidden, .target_dim = hidden, .out_dim = hidden};
    sage1_ = register_module("sage1", SageLayer(sage));
    sage2_ = register_module("sage2", SageLayer(sage));
    return;
  }
  GatV2Options gat{.source_dim = hidden,
                   .target_dim = hidden,
                   .out_dim = hidden,
                   .heads = config_.heads,
                   .edge_dim = kEdgeFeatureDim,
                   .attention_dropout = config_.attention_dropout};
  gat1_ = register_module("gat1", GatV2Layer(gat));
  gat2_ = register_module("gat2", GatV2Layer(gat));
}

EncoderOutput EncoderImpl::forward(const EncoderInput& in, AttentionOutput attention_output) {
  check_encoder_input(in, config_.feature_dim);
  const at::Tensor features = in.subreddit_features.to(user_input_.scalar_type());
  const at::Tensor edge_features = in.edge_features.to(user_input_.scalar_type());
  EncoderOutput out;
  out.subreddits = subreddit_projection_->forward(features);
  // Replicated before projecting, so training-time dropout draws a fresh mask per user.
  const at::Tensor u0 = user_projection_->forward(
      user_input_.unsqueeze(0).expand({in.num_users, user_input_.size(0)}));
  if (!config_.uses_attention()) {
    const at::Tensor u1 = sage1_->forward(out.subreddits, u0, in.edge_subreddit, in.edge_user);
    const at::Tensor u2 = sage2_->forward(out.subreddits, u1, in.edge_subreddit, in.edge_user);
    out.users = l2_normalize_rows(u1 + u2);
    if (attention_output == AttentionOutput::kReturn) {
      out.attention = SageLayerImpl::edge_weights(in.edge_user, in.num_users)
                          .to(out.users.scalar_type())
                          .unsqueeze(1)
                          .expand({in.edge_user.size(0), config_.heads})
                          .contiguous();
    }
    return out;
  }
  const at::Tensor u1 = gat1_
                            ->forward(out.subreddits, u0, in.edge_subreddit, in.edge_user,
                                      edge_features, AttentionOutput::kSkip)
                            .out;
  GatV2Result second = gat2_->forward(out.subreddits, u1, in.edge_subreddit, in.edge_user,
                                      edge_features, attention_output);
  out.users = l2_normalize_rows(u1 + second.out);
  out.attention = std::move(second.attention);
  return out;
}

}  // namespace zipp::training
