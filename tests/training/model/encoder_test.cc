// The encoder and the full model: unit-norm outputs, inductive users, eval-mode determinism,
// gradients to every parameter, the edgeless-user rule and the config checks.
#include "training/model/encoder.h"

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/log_softmax.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "training/model/input_projection.h"
#include "training/model/persona_model.h"

namespace zipp::training {
namespace {

ModelConfig small_config() {
  ModelConfig c;
  c.hidden = 8;
  c.heads = 3;
  c.feature_dim = 6;
  c.alignment_dim = 5;
  c.user_input_dim = 4;
  c.head_hidden = 7;
  c.dropout = 0.1;
  c.attention_dropout = 0.3;
  return c;
}

at::Tensor longs(std::vector<std::int64_t> v) { return at::tensor(v, at::kLong); }

// Users 0..2 over subreddits 0..4; user 2 has no edges.
EncoderInput small_block(const ModelConfig& c) {
  EncoderInput in;
  in.subreddit_features = at::randn({5, c.feature_dim});
  in.edge_user = longs({0, 0, 0, 1, 1});
  in.edge_subreddit = longs({0, 2, 4, 1, 2});
  in.edge_features = at::rand({5, 2});
  in.num_users = 3;
  return in;
}

at::Tensor row_norms(const at::Tensor& x) { return x.detach().norm(2, {-1}); }

TEST(Encoder, OutputsHaveConfiguredShapesAndUnitRows) {
  at::manual_seed(1);
  const ModelConfig c = small_config();
  Encoder encoder(c);
  encoder->eval();
  const EncoderInput in = small_block(c);
  const EncoderOutput out = encoder->forward(in, AttentionOutput::kReturn);
  ASSERT_EQ(out.users.sizes(), (std::vector<std::int64_t>{3, 8}));
  ASSERT_EQ(out.subreddits.sizes(), (std::vector<std::int64_t>{5, 8}));
  ASSERT_EQ(out.attention.sizes(), (std::vector<std::int64_t>{5, 3}));
  for (std::int64_t u = 0; u < 2; ++u)
    EXPECT_NEAR(row_norms(out.users)[u].item<double>(), 1.0, 1e-5);
  for (std::int64_t s = 0; s < 5; ++s)
    EXPECT_NEAR(row_norms(out.subreddits)[s].item<double>(), 1.0, 1e-5);
  // The last layer's attention sums to 1 over each user's edges, per head.
  const at::Tensor sums = at::zeros({3, 3}).index_add(0, in.edge_user, out.attention.detach());
  EXPECT_TRUE(at::allclose(sums.slice(0, 0, 2), at::ones({2, 3}), 1e-5, 1e-6));
}

TEST(Encoder, EdgelessUserGetsNormalisedSumOfBiases) {
  at::manual_seed(2);
  const ModelConfig c = small_config();
  Encoder encoder(c);
  encoder->eval();
  const EncoderOutput at_init = encoder->forward(small_block(c));
  EXPECT_EQ(row_norms(at_init.users)[2].item<double>(), 0.0);  // both biases start at zero
  encoder->gat1()->bias().detach().normal_();
  encoder->gat2()->bias().detach().normal_();
  const EncoderOutput out = encoder->forward(small_block(c));
  const at::Tensor want =
      l2_normalize_rows((encoder->gat1()->bias() + encoder->gat2()->bias()).unsqueeze(0))[0];
  EXPECT_TRUE(at::allclose(out.users[2], want, 1e-5, 1e-6));
}

TEST(Encoder, UserDependsOnlyOnItsOwnNeighbours) {
  at::manual_seed(3);
  const ModelConfig c = small_config();
  Encoder encoder(c);
  encoder->eval();
  const EncoderInput in = small_block(c);
  const at::Tensor before = encoder->forward(in).users[0];
  // Another user gains edges, a new subreddit appears, and a new user joins the block.
  EncoderInput grown = in;
  grown.subreddit_features = at::cat({in.subreddit_features, at::randn({1, c.feature_dim})});
  grown.edge_user = at::cat({in.edge_user, longs({1, 2, 3, 3})});
  grown.edge_subreddit = at::cat({in.edge_subreddit, longs({5, 0, 0, 5})});
  grown.edge_features = at::cat({in.edge_features, at::rand({4, 2})});
  grown.num_users = 4;
  const EncoderOutput after = encoder->forward(grown);
  EXPECT_TRUE(at::allclose(after.users[0], before, 1e-5, 1e-6));
  // The user whose neighbourhood changed does move: the test can fail.
  EXPECT_FALSE(at::allclose(after.users[1], encoder->forward(in).users[1], 1e-5, 1e-6));
}

TEST(Encoder, EdgeOrderDoesNotMatter) {
  at::manual_seed(4);
  const ModelConfig c = small_config();
  Encoder encoder(c);
  encoder->eval();
  const EncoderInput in = small_block(c);
  EncoderInput shuffled = in;
  const at::Tensor perm = longs({3, 0, 4, 2, 1});
  shuffled.edge_user = in.edge_user.index_select(0, perm);
  shuffled.edge_subreddit = in.edge_subreddit.index_select(0, perm);
  shuffled.edge_features = in.edge_features.index_select(0, perm);
  const EncoderOutput a = encoder->forward(in, AttentionOutput::kReturn);
  const EncoderOutput b = encoder->forward(shuffled, AttentionOutput::kReturn);
  EXPECT_TRUE(at::allclose(a.users, b.users, 1e-5, 1e-6));
  EXPECT_TRUE(at::allclose(a.attention.index_select(0, perm), b.attention, 1e-5, 1e-6));
}

TEST(Encoder, EvalIsDeterministicAndTrainingDropsOut) {
  at::manual_seed(5);
  ModelConfig c = small_config();
  c.dropout = 0.5;
  c.attention_dropout = 0.5;
  Encoder encoder(c);
  const EncoderInput in = small_block(c);
  encoder->eval();
  const EncoderOutput a = encoder->forward(in);
  const EncoderOutput b = encoder->forward(in);
  EXPECT_TRUE(at::equal(a.users, b.users));
  EXPECT_TRUE(at::equal(a.subreddits, b.subreddits));
  encoder->train();
  const EncoderOutput t1 = encoder->forward(in);
  const EncoderOutput t2 = encoder->forward(in);
  EXPECT_FALSE(at::equal(t1.users, t2.users));
}

TEST(PersonaModel, GradientsReachEveryParameter) {
  at::manual_seed(6);
  const ModelConfig c = small_config();
  PersonaModel model(c);
  model->eval();  // dropout off, so no parameter's gradient can be masked out by chance
  const EncoderInput in = small_block(c);
  const EncoderOutput out = model->encoder()->forward(in);
  // Link objective on the two users with edges against their first subreddits.
  const at::Tensor users = out.users.slice(0, 0, 2);
  const at::Tensor q = model->link_heads()->query(users);
  const at::Tensor k = model->link_heads()->key(out.subreddits.index_select(0, longs({0, 1})));
  const double cap = c.logit_scale_cap;
  const at::Tensor link_logits =
      model->link_heads()->log_scale().clamp_max(cap).exp() * q.matmul(k.t()) / c.tau;
  const at::Tensor qa = model->align_heads()->query(users);
  const at::Tensor ka =
      model->align_heads()->key(model->align_projector()->forward(at::randn({2, 5})));
  const at::Tensor align_logits =
      model->align_heads()->log_scale().clamp_max(cap).exp() * qa.matmul(ka.t()) / c.tau;
  const at::Tensor loss = -(at::log_softmax(link_logits, 1).diagonal().mean() +
                            at::log_softmax(align_logits, 1).diagonal().mean());
  loss.backward();
  const auto named = model->named_parameters();
  EXPECT_GE(named.size(), 30u);
  for (const auto& item : named) {
    ASSERT_TRUE(item.value().grad().defined()) << item.key();
    EXPECT_GT(item.value().grad().abs().sum().item<double>(), 0.0) << item.key();
  }
  EXPECT_EQ(model->link_heads()->log_scale().item<double>(), 0.0);
  EXPECT_NEAR(row_norms(q)[0].item<double>(), 1.0, 1e-5);
  EXPECT_NEAR(row_norms(ka)[1].item<double>(), 1.0, 1e-5);
}

TEST(Encoder, RejectsInconsistentBlocks) {
  const ModelConfig c = small_config();
  Encoder encoder(c);
  EncoderInput bad_user = small_block(c);
  bad_user.edge_user = longs({0, 0, 0, 1, 3});
  EXPECT_THROW(encoder->forward(bad_user), core::InputError);
  EncoderInput bad_features = small_block(c);
  bad_features.subreddit_features = at::randn({5, c.feature_dim + 1});
  EXPECT_THROW(encoder->forward(bad_features), core::InputError);
  EncoderInput bad_edges = small_block(c);
  bad_edges.edge_features = at::rand({5, 3});
  EXPECT_THROW(encoder->forward(bad_edges), core::InputError);
}

TEST(ModelConfig, RejectsBadSizes) {
  EXPECT_NO_THROW(validate_model_config(ModelConfig{}));
  auto with = [](auto edit) {
    ModelConfig c = small_config();
    edit(c);
    return c;
  };
  EXPECT_THROW(validate_model_config(with([](ModelConfig& c) { c.heads = 0; })), core::ConfigError);
  EXPECT_THROW(validate_model_config(with([](ModelConfig& c) { c.hidden = 0; })),
               core::ConfigError);
  EXPECT_THROW(validate_model_config(with([](ModelConfig& c) { c.hidden = -4; })),
               core::ConfigError);
  EXPECT_THROW(validate_model_config(with([](ModelConfig& c) { c.feature_dim = 0; })),
               core::ConfigError);
  EXPECT_THROW(validate_model_config(with([](ModelConfig& c) { c.attention_dropout = 1.0; })),
               core::ConfigError);
  EXPECT_THROW(validate_model_config(with([](ModelConfig& c) { c.tau = 0.0; })), core::ConfigError);
  EXPECT_THROW({ Encoder e(with([](ModelConfig& c) { c.heads = 0; })); }, core::ConfigError);
  EXPECT_THROW({ PersonaModel m(with([](ModelConfig& c) { c.hidden = 0; })); }, core::ConfigError);
  try {
    validate_model_config(with([](ModelConfig& c) { c.heads = -2; }));
    FAIL() << "no error";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("model.heads"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace zipp::training
