// Data-parallel equivalence on real ranks (issue 5 item 10): every rank holds a slice of one fixed
// global batch; one DataParallelStep over all ranks must end with the weights one process gets
// from the whole batch, with global negatives (the same negatives either way), ImageAlign pairs,
// clipping and unequal slices included. The reference runs on each rank over a communicator of
// its own.
#include <cstdint>
#include <numeric>
#include <vector>

#include <ATen/Context.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>
#include <torch/optim/sgd.h>

#include "core/comm/collectives.h"
#include "core/comm/communicator.h"
#include "core/random/rng.h"
#include "training/model/persona_model.h"
#include "training/trainer/batch_tensors.h"
#include "training/trainer/train_step.h"

namespace zipp::training {
namespace {

constexpr std::int64_t kSubreddits = 9;  // few, so positives repeat across ranks

ModelConfig small_model() {
  ModelConfig c;
  c.hidden = 16;
  c.heads = 2;
  c.feature_dim = 8;
  c.alignment_dim = 5;
  c.dropout = 0;  // dropout draws differ per process
  c.attention_dropout = 0;
  return c;
}

at::Tensor from_vector(std::vector<std::int64_t> v) {
  return at::from_blob(v.data(), {static_cast<std::int64_t>(v.size())}, at::kLong).clone();
}

at::Tensor random_floats(core::Rng& rng, std::vector<std::int64_t> shape) {
  std::int64_t n = 1;
  for (std::int64_t d : shape) n *= d;
  std::vector<float> v(static_cast<std::size_t>(n));
  for (float& x : v) x = static_cast<float>(rng.normal());
  return at::from_blob(v.data(), shape, at::kFloat).clone();
}

// A global batch of `users` seeds over one block of kSubreddits subreddits: every user has 1-4
// edges, a positive, and every third user an alignment vector.
struct GlobalBatch {
  at::Tensor features;                           // [S, D]
  std::vector<std::vector<std::int64_t>> edges;  // per user: block rows
  std::vector<std::vector<float>> edge_features;
  std::vector<std::int64_t> positive;
  std::vector<at::Tensor> alignment;  // per user, undefined when none
};

GlobalBatch make_global_batch(std::int64_t users, const ModelConfig& model) {
  core::Rng rng(77, {static_cast<std::uint64_t>(users)});
  GlobalBatch g;
  g.features = random_floats(rng, {kSubreddits, model.feature_dim});
  for (std::int64_t u = 0; u < users; ++u) {
    const std::int64_t degree = 1 + static_cast<std::int64_t>(rng.below(4));
    std::vector<std::int64_t> edges;
    std::vector<float> features;
    for (std::int64_t e = 0; e < degree; ++e) {
      edges.push_back(static_cast<std::int64_t>(rng.below(kSubreddits)));
      features.push_back(static_cast<float>(rng.uniform()));
      features.push_back(static_cast<float>(rng.uniform()));
    }
    g.edges.push_back(edges);
    g.edge_features.push_back(features);
    g.positive.push_back(static_cast<std::int64_t>(rng.below(kSubreddits)));
    g.alignment.push_back(u % 3 == 0 ? random_floats(rng, {1, model.alignment_dim}) : at::Tensor());
  }
  return g;
}

// Users [begin, end) of the global batch as one rank's BatchTensors.
BatchTensors slice(const GlobalBatch& g, std::int64_t begin, std::int64_t end,
                   const ModelConfig& model) {
  BatchTensors b;
  std::vector<std::int64_t> edge_user, edge_subreddit, positive, flags;
  std::vector<float> edge_features;
  std::vector<at::Tensor> vectors;
  for (std::int64_t u = begin; u < end; ++u) {
    for (std::size_t e = 0; e < g.edges[u].size(); ++e) {
      edge_user.push_back(u - begin);
      edge_subreddit.push_back(g.edges[u][e]);
    }
    edge_features.insert(edge_features.end(), g.edge_features[u].begin(), g.edge_features[u].end());
    positive.push_back(g.positive[u]);
    flags.push_back(g.alignment[u].defined() ? 1 : 0);
    if (g.alignment[u].defined()) vectors.push_back(g.alignment[u]);
  }
  const auto e = static_cast<std::int64_t>(edge_user.size());
  b.block.subreddit_features = g.features;
  b.block.edge_user = from_vector(edge_user);
  b.block.edge_subreddit = from_vector(edge_subreddit);
  b.block.edge_features = at::from_blob(edge_features.data(), {e, 2}, at::kFloat).clone();
  b.block.num_users = end - begin;
  b.positive = from_vector(positive);
  b.positive_ids = from_vector(positive);  // block row == subreddit id here
  b.has_vector = from_vector(flags).to(at::kBool);
  b.alignment = vectors.empty() ? at::zeros({0, model.alignment_dim}) : at::cat(vectors, 0);
  return b;
}

std::vector<at::Tensor> step_and_copy(const core::comm::Communicator& comm,
                                      const BatchTensors& batch, const ModelConfig& config) {
  core::comm::Collectives collectives(comm, {core::comm::BackendKind::kMpi});
  at::manual_seed(5);
  PersonaModel model(config);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.5));
  StepOptions options;
  options.contrastive.negatives = Negatives::kGlobal;
  options.contrastive.collectives = &collectives;
  options.align_weight = 0.7;
  options.grad_clip = 0.8;  // the gradient norm exceeds it, so clipping takes part
  DataParallelStep step(model, optimizer, comm, collectives, options);
  const StepStats stats = step.run(batch, 0.5);
  EXPECT_GT(stats.grad_norm, options.grad_clip);
  std::vector<at::Tensor> params;
  for (const at::Tensor& p : model->parameters()) params.push_back(p.detach().clone());
  return params;
}

void check_equivalence(const std::vector<std::int64_t>& sizes) {
  const auto world = core::comm::Communicator::world();
  ASSERT_EQ(static_cast<int>(sizes.size()), world.size());
  const ModelConfig config = small_model();
  const std::int64_t total = std::accumulate(sizes.begin(), sizes.end(), std::int64_t{0});
  const GlobalBatch global = make_global_batch(total, config);
  const std::int64_t begin =
      std::accumulate(sizes.begin(), sizes.begin() + world.rank(), std::int64_t{0});

  const auto alone = world.split(world.rank(), 0);
  const std::vector<at::Tensor> reference =
      step_and_copy(alone, slice(global, 0, total, config), config);
  const std::vector<at::Tensor> distributed =
      step_and_copy(world, slice(global, begin, begin + sizes[world.rank()], config), config);
  ASSERT_EQ(reference.size(), distributed.size());
  for (std::size_t i = 0; i < reference.size(); ++i) {
    EXPECT_TRUE(at::allclose(reference[i], distributed[i], 1e-4, 1e-5))
        << "parameter " << i << " differs by "
        << reference[i].sub(distributed[i]).abs().max().item<double>();
  }
}

TEST(DataParallelStep, EqualSlicesEndWithTheWholeBatchsWeights) {
  const auto world = core::comm::Communicator::world();
  check_equivalence(std::vector<std::int64_t>(world.size(), 6));
}

TEST(DataParallelStep, UnequalSlicesIncludingAnEmptyRankEndTheSame) {
  const auto world = core::comm::Communicator::world();
  std::vector<std::int64_t> sizes;
  for (int r = 0; r < world.size(); ++r) sizes.push_back(r == 1 ? 0 : 3 + 2 * r);
  check_equivalence(sizes);
}

TEST(DataParallelStep, ReplicasStayIdenticalAcrossRanks) {
  const auto world = core::comm::Communicator::world();
  const ModelConfig config = small_model();
  const GlobalBatch global = make_global_batch(4 * world.size(), config);
  const std::vector<at::Tensor> mine =
      step_and_copy(world, slice(global, 4 * world.rank(), 4 * world.rank() + 4, config), config);
  core::comm::Collectives collectives(world, {core::comm::BackendKind::kMpi});
  for (const at::Tensor& p : mine) {
    at::Tensor root = p.clone();
    collectives.broadcast(root, 0);
    EXPECT_TRUE(at::equal(root, p)) << "a replica drifted from rank 0";
  }
}

}  // namespace
}  // namespace zipp::training
