// GATv2 layer against a double-precision loop over edges, its attention normalisation, and its
// independence from edge order.
#include "training/model/gatv2_layer.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/randperm.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include "training/model/segment_softmax.h"

namespace zipp::training {
namespace {

struct Block {
  at::Tensor source, target, edge_source, edge_target, edge_features;
};

// Four sources, three targets; target 2 has no edges.
Block small_block(std::int64_t dim) {
  Block b;
  b.source = at::randn({4, dim});
  b.target = at::randn({3, dim});
  b.edge_source = at::tensor(std::vector<std::int64_t>{0, 1, 3, 1, 2, 3, 0}, at::kLong);
  b.edge_target = at::tensor(std::vector<std::int64_t>{0, 0, 0, 1, 1, 1, 1}, at::kLong);
  b.edge_features = at::randn({7, 2});
  return b;
}

GatV2Options small_options() {
  return GatV2Options{.source_dim = 5,
                      .target_dim = 5,
                      .out_dim = 3,
                      .heads = 2,
                      .edge_dim = 2,
                      .attention_dropout = 0.5};
}

double leaky(double x) { return x > 0 ? x : 0.2 * x; }

// out[t][c] by the formula of docs method §2, in double, one edge at a time.
std::vector<std::vector<double>> reference(GatV2LayerImpl& layer, const Block& b) {
  auto d = [](const at::Tensor& t) { return t.detach().to(at::kDouble).contiguous(); };
  const at::Tensor wl = d(layer.lin_source()->weight), bl = d(layer.lin_source()->bias);
  const at::Tensor wr = d(layer.lin_target()->weight), br = d(layer.lin_target()->bias);
  const at::Tensor we = d(layer.lin_edge()->weight), att = d(layer.attention_vector());
  const at::Tensor bias = d(layer.bias());
  const at::Tensor xs = d(b.source), xt = d(b.target), ef = d(b.edge_features);
  const auto opt = layer.options();
  const std::int64_t heads = opt.heads, out = opt.out_dim, edges = b.edge_source.size(0);
  auto lin = [](const at::Tensor& w, const at::Tensor* bias_or_null, const at::Tensor& x,
                std::int64_t row, std::int64_t unit) {
    double v = bias_or_null != nullptr ? (*bias_or_null)[unit].item<double>() : 0.0;
    for (std::int64_t k = 0; k < w.size(1); ++k)
      v += w[unit][k].item<double>() * x[row][k].item<double>();
    return v;
  };
  std::vector<std::vector<double>> result(b.target.size(0), std::vector<double>(out, 0.0));
  for (std::int64_t t = 0; t < b.target.size(0); ++t) {
    for (std::int64_t h = 0; h < heads; ++h) {
      std::vector<double> scores;
      std::vector<std::int64_t> sources;
      for (std::int64_t e = 0; e < edges; ++e) {
        if (b.edge_target[e].item<std::int64_t>() != t) continue;
        const std::int64_t j = b.edge_source[e].item<std::int64_t>();
        double score = 0;
        for (std::int64_t c = 0; c < out; ++c) {
          const std::int64_t unit = h * out + c;
          const double z =
              lin(wr, &br, xt, t, unit) + lin(wl, &bl, xs, j, unit) + lin(we, nullptr, ef, e, unit);
          score += att[h][c].item<double>() * leaky(z);
        }
        scores.push_back(score);
        sources.push_back(j);
      }
      double max = -INFINITY, total = 0;
      for (double s : scores) max = std::max(max, s);
      for (double s : scores) total += std::exp(s - max);
      for (std::size_t n = 0; n < scores.size(); ++n) {
        const double alpha = std::exp(scores[n] - max) / total;
        for (std::int64_t c = 0; c < out; ++c)
          result[t][c] += alpha * lin(wl, &bl, xs, sources[n], h * out + c) / heads;
      }
    }
    for (std::int64_t c = 0; c < out; ++c) result[t][c] += bias[c].item<double>();
  }
  return result;
}

TEST(GatV2Layer, MatchesDoubleReference) {
  at::manual_seed(7);
  GatV2Layer layer(small_options());
  layer->eval();
  layer->bias().detach().normal_();  // non-zero, so the edgeless target's output is visible
  const Block b = small_block(5);
  const GatV2Result got = layer->forward(b.source, b.target, b.edge_source, b.edge_target,
                                         b.edge_features, AttentionOutput::kReturn);
  const auto want = reference(*layer, b);
  ASSERT_EQ(got.out.sizes(), (std::vector<std::int64_t>{3, 3}));
  for (std::int64_t t = 0; t < 3; ++t)
    for (std::int64_t c = 0; c < 3; ++c)
      EXPECT_NEAR(got.out[t][c].item<double>(), want[t][c], 1e-5) << t << "," << c;
  // The edgeless target gets the empty aggregation plus the bias.
  EXPECT_TRUE(at::allclose(got.out[2], layer->bias()));
}

TEST(GatV2Layer, AttentionSumsToOnePerTargetAndHead) {
  at::manual_seed(8);
  GatV2Layer layer(small_options());
  const Block b = small_block(5);
  for (bool training : {false, true}) {
    layer->train(training);
    const GatV2Result got = layer->forward(b.source, b.target, b.edge_source, b.edge_target,
                                           b.edge_features, AttentionOutput::kReturn);
    ASSERT_EQ(got.attention.sizes(), (std::vector<std::int64_t>{7, 2}));
    const at::Tensor sums = at::zeros({3, 2}).index_add(0, b.edge_target, got.attention.detach());
    EXPECT_NEAR(sums[0][0].item<double>(), 1.0, 1e-6);
    EXPECT_NEAR(sums[0][1].item<double>(), 1.0, 1e-6);
    EXPECT_NEAR(sums[1][0].item<double>(), 1.0, 1e-6);
    EXPECT_NEAR(sums[1][1].item<double>(), 1.0, 1e-6);
    EXPECT_EQ(sums[2][0].item<double>(), 0.0);
    EXPECT_GT(got.attention.min().item<double>(), 0.0);
  }
  const GatV2Result skipped = layer->forward(b.source, b.target, b.edge_source, b.edge_target,
                                             b.edge_features, AttentionOutput::kSkip);
  EXPECT_FALSE(skipped.attention.defined());
}

TEST(GatV2Layer, EdgeOrderDoesNotMatter) {
  at::manual_seed(9);
  GatV2Layer layer(small_options());
  layer->eval();
  const Block b = small_block(5);
  const at::Tensor perm = at::randperm(7, at::kLong);
  const GatV2Result plain = layer->forward(b.source, b.target, b.edge_source, b.edge_target,
                                           b.edge_features, AttentionOutput::kReturn);
  const GatV2Result permuted = layer->forward(
      b.source, b.target, b.edge_source.index_select(0, perm), b.edge_target.index_select(0, perm),
      b.edge_features.index_select(0, perm), AttentionOutput::kReturn);
  EXPECT_TRUE(at::allclose(plain.out, permuted.out, 1e-5, 1e-6));
  EXPECT_TRUE(at::allclose(plain.attention.index_select(0, perm), permuted.attention, 1e-5, 1e-6));
}

TEST(SegmentSoftmax, StableForLargeScoresAndEmptySegments) {
  const at::Tensor scores = at::tensor(std::vector<float>{1000.f, 999.f, -1000.f}).view({3, 1});
  const at::Tensor segment = at::tensor(std::vector<std::int64_t>{2, 2, 0}, at::kLong);
  const at::Tensor alpha = segment_softmax(scores, segment, 4);
  EXPECT_NEAR(alpha[0][0].item<double>(), 1.0 / (1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(alpha[1][0].item<double>(), std::exp(-1.0) / (1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(alpha[2][0].item<double>(), 1.0, 1e-6);
}

}  // namespace
}  // namespace zipp::training
