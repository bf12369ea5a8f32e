// Gradients of the GATv2 layer and of segment_softmax, in float64: the layer's against autograd
// through a direct per-edge implementation of the formula (small tensor ops one edge and head at
// a time, no scatter or index ops), for the inputs, the edge features and every parameter; and
// both against central differences (tests/training/model/gradcheck.h).
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/dot.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/mv.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include "tests/training/model/gradcheck.h"
#include "training/model/gatv2_layer.h"
#include "training/model/segment_softmax.h"

namespace zipp::training {
namespace {

constexpr std::int64_t kDim = 4;
constexpr std::int64_t kHeads = 2;
constexpr std::int64_t kOut = 3;

// Five sources (subreddits), four targets (users). Edges in no particular order; target 2 has
// none, target 3 has one, target 1 has the same source twice.
const std::vector<std::int64_t> kEdgeSource = {1, 0, 4, 2, 3, 0, 2, 1, 3};
const std::vector<std::int64_t> kEdgeTarget = {1, 0, 3, 1, 0, 1, 1, 0, 1};
constexpr std::int64_t kSources = 5;
constexpr std::int64_t kTargets = 4;

at::Tensor leaf(const at::Tensor& t) { return t.detach().clone().requires_grad_(true); }

struct Inputs {
  at::Tensor source, target, edge_features;  // float64 leaves
  at::Tensor edge_source = at::tensor(kEdgeSource, at::kLong);
  at::Tensor edge_target = at::tensor(kEdgeTarget, at::kLong);
};

Inputs random_inputs() {
  Inputs in;
  const auto edges = static_cast<std::int64_t>(kEdgeSource.size());
  in.source = leaf(at::randn({kSources, kDim}, at::kDouble));
  in.target = leaf(at::randn({kTargets, kDim}, at::kDouble));
  in.edge_features = leaf(at::randn({edges, 2}, at::kDouble));
  return in;
}

Inputs copy_of(const Inputs& in) {
  Inputs out;
  out.source = leaf(in.source);
  out.target = leaf(in.target);
  out.edge_features = leaf(in.edge_features);
  return out;
}

// A float64 layer in eval mode (no dropout) with non-zero output bias.
GatV2Layer double_layer() {
  GatV2Layer layer(GatV2Options{.source_dim = kDim,
                                .target_dim = kDim,
                                .out_dim = kOut,
                                .heads = kHeads,
                                .edge_dim = 2,
                                .attention_dropout = 0.3});
  layer->to(at::kDouble);
  layer->eval();
  at::NoGradGuard no_grad;
  layer->bias().normal_();
  return layer;
}

// The layer's parameters as separate leaves for the reference, keyed by their module names.
std::map<std::string, at::Tensor> parameter_copies(GatV2LayerImpl& layer) {
  std::map<std::string, at::Tensor> copies;
  for (const auto& item : layer.named_parameters()) copies[item.key()] = leaf(item.value());
  return copies;
}

struct Outputs {
  at::Tensor out;        // [targets, out_dim]
  at::Tensor attention;  // [edges, heads]
};

// docs method §2's formula one edge and one head at a time:
//   z = W_r x_i + b_r + W_l x_j + b_l + W_e e_ij, score = a_h . LeakyReLU_0.2(z),
//   alpha = softmax over target i's edges, out_i = mean_h sum_j alpha (W_l x_j + b_l)_h + bias.
Outputs reference(std::map<std::string, at::Tensor>& p, const Inputs& in) {
  const auto edges = static_cast<std::int64_t>(kEdgeSource.size());
  std::vector<std::vector<at::Tensor>> alpha(static_cast<std::size_t>(edges),
                                             std::vector<at::Tensor>(kHeads));
  std::vector<at::Tensor> rows;
  for (std::int64_t t = 0; t < kTargets; ++t) {
    at::Tensor row = p["bias"];
    for (std::int64_t h = 0; h < kHeads; ++h) {
      const auto unit = [&](const std::string& name) { return p[name].narrow(0, h * kOut, kOut); };
      std::vector<std::int64_t> mine;
      std::vector<at::Tensor> scores;
      std::vector<at::Tensor> messages;
      for (std::int64_t e = 0; e < edges; ++e) {
        if (kEdgeTarget[e] != t) continue;
        const std::int64_t j = kEdgeSource[e];
        const at::Tensor message = at::mv(unit("lin_l.weight"), in.source[j]) + unit("lin_l.bias");
        const at::Tensor z = at::mv(unit("lin_r.weight"), in.target[t]) + unit("lin_r.bias") +
                             message + at::mv(unit("lin_e.weight"), in.edge_features[e]);
        const at::Tensor leaky = at::where(z > 0, z, 0.2 * z);
        mine.push_back(e);
        scores.push_back(at::dot(p["att"][h], leaky));
        messages.push_back(message);
      }
      if (mine.empty()) continue;
      double max = -1e300;
      for (const at::Tensor& s : scores) max = std::max(max, s.item<double>());
      std::vector<at::Tensor> weights;
      at::Tensor total = at::zeros({}, at::kDouble);
      for (const at::Tensor& s : scores) {
        weights.push_back(at::exp(s - max));
        total = total + weights.back();
      }
      for (std::size_t n = 0; n < mine.size(); ++n) {
        const at::Tensor a = weights[n] / total;
        alpha[static_cast<std::size_t>(mine[n])][static_cast<std::size_t>(h)] = a;
        row = row + a * messages[n] / static_cast<double>(kHeads);
      }
    }
    rows.push_back(row);
  }
  std::vector<at::Tensor> alpha_rows;
  for (const auto& per_head : alpha) alpha_rows.push_back(at::stack(per_head));
  return {at::stack(rows), at::stack(alpha_rows)};
}

Outputs run_layer(GatV2LayerImpl& layer, const Inputs& in) {
  const GatV2Result r = layer.forward(in.source, in.target, in.edge_source, in.edge_target,
                                      in.edge_features, AttentionOutput::kReturn);
  return {r.out, r.attention};
}

void expect_close(const at::Tensor& got, const at::Tensor& want, const std::string& what) {
  ASSERT_TRUE(got.defined()) << what;
  ASSERT_TRUE(want.defined()) << what;
  ASSERT_EQ(got.sizes(), want.sizes()) << what;
  EXPECT_TRUE(at::allclose(got, want, 1e-9, 1e-11)) << what << ": layer\n"
                                                    << got << "\nreference\n"
                                                    << want;
}

TEST(GatV2Gradients, MatchPerEdgeDoubleReference) {
  at::manual_seed(21);
  GatV2Layer layer = double_layer();
  auto params = parameter_copies(*layer);
  const Inputs in = random_inputs();
  const Inputs ref_in = copy_of(in);
  // Weights on both outputs, so the attention's own gradient path is checked too.
  const at::Tensor w_out = at::randn({kTargets, kOut}, at::kDouble);
  const at::Tensor w_att =
      at::randn({static_cast<std::int64_t>(kEdgeSource.size()), kHeads}, at::kDouble);

  const Outputs got = run_layer(*layer, in);
  const Outputs want = reference(params, ref_in);
  expect_close(got.out, want.out, "out");
  expect_close(got.attention, want.attention, "attention");
  ((got.out * w_out).sum() + (got.attention * w_att).sum()).backward();
  ((want.out * w_out).sum() + (want.attention * w_att).sum()).backward();

  expect_close(in.source.grad(), ref_in.source.grad(), "d/d x_subreddits");
  expect_close(in.target.grad(), ref_in.target.grad(), "d/d x_users");
  expect_close(in.edge_features.grad(), ref_in.edge_features.grad(), "d/d edge features");
  // A target's own input acts only through its attention, so it gets no gradient with no edge
  // (target 2: the bias alone) or one edge (target 3: alpha is 1 whatever the score).
  EXPECT_EQ(in.target.grad()[2].abs().sum().item<double>(), 0.0);
  EXPECT_EQ(in.target.grad()[3].abs().sum().item<double>(), 0.0);
  EXPECT_GT(in.target.grad()[0].abs().sum().item<double>(), 0.0);
  const auto named = layer->named_parameters();
  EXPECT_EQ(named.size(), 7u);  // lin_l weight and bias, lin_r weight and bias, lin_e, att, bias
  for (const auto& item : named) {
    expect_close(item.value().grad(), params.at(item.key()).grad(), "d/d " + item.key());
    EXPECT_GT(item.value().grad().abs().sum().item<double>(), 0.0) << item.key();
  }
}

TEST(GatV2Gradients, MatchCentralDifferences) {
  at::manual_seed(22);
  GatV2Layer layer = double_layer();
  const Inputs in = random_inputs();
  std::vector<std::pair<std::string, at::Tensor>> inputs = {
      {"x_subreddits", in.source}, {"x_users", in.target}, {"edge_features", in.edge_features}};
  for (const auto& item : layer->named_parameters()) inputs.emplace_back(item.key(), item.value());
  const std::int64_t compared = testing::expect_gradcheck(
      [&] {
        const Outputs o = run_layer(*layer, in);
        return std::vector<at::Tensor>{o.out, o.attention};
      },
      inputs);
  // (4 x 3 outputs + 9 x 2 coefficients) x (20 + 16 + 18 input and 81 parameter entries).
  EXPECT_EQ(compared, 30 * 135);
}

TEST(SegmentSoftmaxGradients, MatchCentralDifferences) {
  at::manual_seed(23);
  // Segments 1 and 4 are empty, segment 3 has a single row (its softmax is constant 1).
  const at::Tensor segment = at::tensor(std::vector<std::int64_t>{2, 0, 2, 2, 3, 0}, at::kLong);
  const at::Tensor scores = leaf(3.0 * at::randn({6, 2}, at::kDouble));
  const std::int64_t compared = testing::expect_gradcheck(
      [&] { return std::vector<at::Tensor>{segment_softmax(scores, segment, 5)}; },
      {{"scores", scores}});
  EXPECT_EQ(compared, 12 * 12);
}

}  // namespace
}  // namespace zipp::training
