#include "training/sampler/neighbor_sampler.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "tests/training/sampler/sample_shard.h"

namespace zipp::training {
namespace {

using testing::is_heldout;
using testing::sample_shard;
using testing::ShardSpec;
using testing::trainable_degree;

bool edge_of_user(const partition::Shard& shard, std::int64_t user, std::int64_t edge) {
  return shard.csr.indptr[user] <= edge && edge < shard.csr.indptr[user + 1];
}

// Every structural promise of one batch, checked against the shard directly.
void expect_valid_batch(const partition::Shard& shard, const SamplerOptions& options,
                        const MiniBatch& batch) {
  const std::int64_t b = batch.num_users();
  ASSERT_LE(b, options.batch_size);
  ASSERT_EQ(batch.user_global.size(), static_cast<std::size_t>(b));
  ASSERT_EQ(batch.positive.size(), static_cast<std::size_t>(b));
  ASSERT_EQ(batch.user_edge_count.size(), static_cast<std::size_t>(b));
  ASSERT_EQ(std::set<std::int64_t>(batch.user_local.begin(), batch.user_local.end()).size(),
            static_cast<std::size_t>(b))
      << "a user is a seed twice in one batch";

  // Block: distinct local subreddits, global ids from the shard.
  ASSERT_EQ(std::set<std::int64_t>(batch.block_local.begin(), batch.block_local.end()).size(),
            batch.block_local.size());
  for (std::size_t j = 0; j < batch.block_local.size(); ++j) {
    ASSERT_EQ(batch.block_global[j], shard.subreddit_ids[batch.block_local[j]]);
  }
  // Positives' subreddits first, deduplicated, in seed order.
  std::vector<std::int64_t> positives;
  for (std::int64_t i = 0; i < b; ++i) {
    const std::int64_t u = batch.user_local[i];
    const std::int64_t e = batch.positive_edge[i];
    ASSERT_EQ(batch.user_global[i], shard.user_ids[u]);
    ASSERT_TRUE(edge_of_user(shard, u, e)) << "positive is not an edge of its user";
    ASSERT_FALSE(is_heldout(shard, e)) << "held-out edge used as positive";
    ASSERT_EQ(batch.block_local[batch.positive[i]], shard.csr.indices[e]);
    if (std::find(positives.begin(), positives.end(), shard.csr.indices[e]) == positives.end()) {
      positives.push_back(shard.csr.indices[e]);
    }
  }
  ASSERT_EQ(batch.num_positive_subreddits, static_cast<std::int64_t>(positives.size()));
  ASSERT_TRUE(std::equal(positives.begin(), positives.end(), batch.block_local.begin()));

  // Edges: grouped by seed, real trainable edges of the seed other than its positive, distinct,
  // as many as the fanout allows, with the shard's features.
  const std::int64_t n = batch.num_edges();
  ASSERT_EQ(batch.edge_subreddit.size(), static_cast<std::size_t>(n));
  ASSERT_EQ(batch.edge_id.size(), static_cast<std::size_t>(n));
  ASSERT_EQ(batch.edge_features.size(), static_cast<std::size_t>(2 * n));
  ASSERT_TRUE(std::is_sorted(batch.edge_user.begin(), batch.edge_user.end()));
  std::vector<std::int64_t> count(static_cast<std::size_t>(b), 0);
  std::set<std::int64_t> seen_edges;
  std::vector<std::int64_t> neighbor_order;  // block entries past the positives, first use order
  for (std::int64_t k = 0; k < n; ++k) {
    const std::int64_t i = batch.edge_user[k];
    ASSERT_TRUE(0 <= i && i < b);
    ++count[i];
    const std::int64_t u = batch.user_local[i];
    const std::int64_t e = batch.edge_id[k];
    ASSERT_TRUE(edge_of_user(shard, u, e)) << "sampled edge is not an edge of its user";
    ASSERT_FALSE(is_heldout(shard, e)) << "held-out edge sampled as neighbour";
    ASSERT_NE(e, batch.positive_edge[i]) << "positive edge among its user's neighbours";
    ASSERT_TRUE(seen_edges.insert(e).second) << "edge sampled twice";
    const std::int64_t j = batch.edge_subreddit[k];
    ASSERT_TRUE(0 <= j && j < batch.num_block_subreddits());
    ASSERT_EQ(batch.block_local[j], shard.csr.indices[e]);
    ASSERT_EQ(batch.edge_features[2 * k], shard.csr.features[2 * e]);
    ASSERT_EQ(batch.edge_features[2 * k + 1], shard.csr.features[2 * e + 1]);
    if (j >= batch.num_positive_subreddits &&
        std::find(neighbor_order.begin(), neighbor_order.end(), j) == neighbor_order.end()) {
      neighbor_order.push_back(j);
    }
  }
  for (std::size_t j = 0; j < neighbor_order.size(); ++j) {
    ASSERT_EQ(neighbor_order[j], batch.num_positive_subreddits + static_cast<std::int64_t>(j));
  }
  ASSERT_EQ(batch.num_positive_subreddits + static_cast<std::int64_t>(neighbor_order.size()),
            batch.num_block_subreddits())
      << "block holds a subreddit no edge or positive uses";
  for (std::int64_t i = 0; i < b; ++i) {
    ASSERT_EQ(batch.user_edge_count[i], count[i]);
    const std::int64_t expected =
        std::min(options.fanout, trainable_degree(shard, batch.user_local[i]) - 1);
    ASSERT_EQ(count[i], expected) << "fanout not respected for seed " << i;
  }

  // Alignment rows point at the seed's own vector.
  for (std::int64_t i = 0; i < b; ++i) {
    const auto& ids = shard.alignment->user_ids;
    const bool has = std::binary_search(ids.begin(), ids.end(), batch.user_local[i]);
    ASSERT_EQ(batch.has_alignment[i], has ? 1 : 0);
    if (has) {
      ASSERT_EQ(ids[batch.alignment_row[i]], batch.user_local[i]);
    } else {
      ASSERT_EQ(batch.alignment_row[i], -1);
    }
  }
}

TEST(NeighborSampler, BatchesKeepEveryPromise) {
  const partition::Shard shard = sample_shard({});
  for (const std::int64_t fanout : {0, 1, 4, 100}) {
    const SamplerOptions options{.batch_size = 7, .fanout = fanout, .seed = 11};
    const std::int64_t steps = NeighborSampler::local_steps_per_epoch(shard, options.batch_size);
    const NeighborSampler sampler(shard, options, 0, steps + 3);
    for (std::int64_t epoch = 0; epoch < 3; ++epoch) {
      for (std::int64_t step = 0; step < steps + 3; ++step) {
        SCOPED_TRACE(::testing::Message()
                     << "fanout " << fanout << " epoch " << epoch << " step " << step);
        expect_valid_batch(shard, options, sampler.sample(epoch, step));
      }
    }
  }
}

TEST(NeighborSampler, FanoutBelowDegreeSamplesASubset) {
  ShardSpec spec;
  spec.max_degree = 30;
  spec.heldout = 0.0;
  const partition::Shard shard = sample_shard(spec);
  const SamplerOptions options{.batch_size = 16, .fanout = 3, .seed = 5};
  const NeighborSampler sampler(shard, options, 0, 4);
  // Over epochs, a high-degree user's neighbours must vary (not always the first few edges).
  std::set<std::int64_t> seen;
  std::int64_t user = -1;
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    if (trainable_degree(shard, u) >= 20) user = u;
  }
  ASSERT_GE(user, 0);
  for (std::int64_t epoch = 0; epoch < 20; ++epoch) {
    for (std::int64_t step = 0; step < 4; ++step) {
      const MiniBatch batch = sampler.sample(epoch, step);
      expect_valid_batch(shard, options, batch);
      for (std::int64_t k = 0; k < batch.num_edges(); ++k) {
        if (batch.user_local[batch.edge_user[k]] == user) seen.insert(batch.edge_id[k]);
      }
    }
  }
  EXPECT_GT(seen.size(), 10u);
}

TEST(NeighborSampler, EachTrainableUserIsASeedOncePerEpoch) {
  const partition::Shard shard = sample_shard({});
  std::vector<std::int64_t> trainable;
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    if (trainable_degree(shard, u) > 0) trainable.push_back(u);
  }
  ASSERT_LT(static_cast<std::int64_t>(trainable.size()), shard.num_users())
      << "the test shard should hold users without trainable edges";
  for (const std::int64_t batch_size : {1, 8, 1000}) {
    const SamplerOptions options{.batch_size = batch_size, .fanout = 5, .seed = 2};
    const std::int64_t steps = NeighborSampler::local_steps_per_epoch(shard, batch_size);
    ASSERT_EQ(steps, (static_cast<std::int64_t>(trainable.size()) + batch_size - 1) / batch_size);
    const NeighborSampler sampler(shard, options, 0, steps);
    ASSERT_EQ(sampler.num_trainable_users(), static_cast<std::int64_t>(trainable.size()));
    for (std::int64_t epoch = 0; epoch < 2; ++epoch) {
      std::vector<std::int64_t> seeds;
      for (std::int64_t step = 0; step < steps; ++step) {
        const MiniBatch batch = sampler.sample(epoch, step);
        seeds.insert(seeds.end(), batch.user_local.begin(), batch.user_local.end());
      }
      std::sort(seeds.begin(), seeds.end());
      EXPECT_EQ(seeds, trainable) << "batch " << batch_size << " epoch " << epoch;
    }
  }
}

TEST(NeighborSampler, ExtraStepsStartAFreshPass) {
  const partition::Shard shard = sample_shard({});
  const SamplerOptions options{.batch_size = 10, .fanout = 5, .seed = 2};
  const std::int64_t steps = NeighborSampler::local_steps_per_epoch(shard, options.batch_size);
  const NeighborSampler sampler(shard, options, 0, 2 * steps);
  std::vector<std::int64_t> first;
  std::vector<std::int64_t> second;
  for (std::int64_t step = 0; step < 2 * steps; ++step) {
    const MiniBatch batch = sampler.sample(0, step);
    auto& pass = step < steps ? first : second;
    pass.insert(pass.end(), batch.user_local.begin(), batch.user_local.end());
  }
  EXPECT_NE(first, second) << "the second pass should use a fresh permutation";
  std::sort(first.begin(), first.end());
  std::sort(second.begin(), second.end());
  EXPECT_EQ(first, second);
}

TEST(NeighborSampler, PositivesVaryAcrossEpochs) {
  ShardSpec spec;
  spec.heldout = 0.0;
  const partition::Shard shard = sample_shard(spec);
  const NeighborSampler sampler(shard, {.batch_size = 100, .fanout = 2, .seed = 9}, 0, 1);
  std::int64_t user = -1;
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    if (trainable_degree(shard, u) >= 10) user = u;
  }
  ASSERT_GE(user, 0);
  std::set<std::int64_t> positives;
  for (std::int64_t epoch = 0; epoch < 30; ++epoch) {
    const MiniBatch batch = sampler.sample(epoch, 0);
    for (std::int64_t i = 0; i < batch.num_users(); ++i) {
      if (batch.user_local[i] == user) positives.insert(batch.positive_edge[i]);
    }
  }
  EXPECT_GE(positives.size(), 5u);
}

TEST(NeighborSampler, IsDeterministicAndKeyed) {
  const partition::Shard shard = sample_shard({});
  const SamplerOptions options{.batch_size = 9, .fanout = 4, .seed = 21};
  const NeighborSampler a(shard, options, 1, 5);
  const NeighborSampler b(shard, options, 1, 5);
  // Out of order on one, in order on the other: the cache must not change results.
  for (std::int64_t epoch = 3; epoch >= 0; --epoch) {
    for (std::int64_t step = 4; step >= 0; --step) {
      EXPECT_EQ(a.sample(epoch, step), b.sample(epoch, step));
    }
  }
  const MiniBatch base = a.sample(2, 1);
  auto same_content = [](const MiniBatch& x, const MiniBatch& y) {
    return x.user_local == y.user_local && x.positive_edge == y.positive_edge &&
           x.edge_id == y.edge_id;
  };
  EXPECT_FALSE(same_content(base, a.sample(2, 2)));
  EXPECT_FALSE(same_content(base, a.sample(3, 1)));
  EXPECT_FALSE(same_content(base, NeighborSampler(shard, options, 2, 5).sample(2, 1)));
  SamplerOptions other = options;
  other.seed = 22;
  EXPECT_FALSE(same_content(base, NeighborSampler(shard, other, 1, 5).sample(2, 1)));
}

TEST(NeighborSampler, NoSplitMeansEveryEdgeTrains) {
  ShardSpec spec;
  spec.with_split = false;
  const partition::Shard shard = sample_shard(spec);
  const SamplerOptions options{.batch_size = 6, .fanout = 3, .seed = 1};
  const NeighborSampler sampler(shard, options, 0, 2);
  std::int64_t with_edges = 0;
  for (std::int64_t u = 0; u < shard.num_users(); ++u)
    with_edges += shard.neighbors(u).empty() ? 0 : 1;
  EXPECT_EQ(sampler.num_trainable_users(), with_edges);
  expect_valid_batch(shard, options, sampler.sample(0, 1));
}

TEST(NeighborSampler, ShardWithoutTrainableUsersGivesEmptyBatches) {
  ShardSpec spec;
  spec.heldout = 1.0;
  const partition::Shard shard = sample_shard(spec);
  EXPECT_EQ(NeighborSampler::local_steps_per_epoch(shard, 4), 0);
  const NeighborSampler sampler(shard, {.batch_size = 4, .fanout = 3, .seed = 1}, 0, 3);
  const MiniBatch batch = sampler.sample(1, 2);
  EXPECT_EQ(batch.epoch, 1);
  EXPECT_EQ(batch.step, 2);
  EXPECT_EQ(batch.num_users(), 0);
  EXPECT_EQ(batch.num_edges(), 0);
  EXPECT_EQ(batch.num_block_subreddits(), 0);
}

TEST(NeighborSampler, RejectsBadOptionsAndSteps) {
  const partition::Shard shard = sample_shard({});
  EXPECT_THROW(NeighborSampler(shard, {.batch_size = 0, .fanout = 1, .seed = 0}, 0, 1),
               core::ConfigError);
  EXPECT_THROW(NeighborSampler(shard, {.batch_size = 1, .fanout = -1, .seed = 0}, 0, 1),
               core::ConfigError);
  EXPECT_THROW(NeighborSampler(shard, {.batch_size = 1, .fanout = 1, .seed = 0}, 0, 0),
               core::ConfigError);
  const NeighborSampler sampler(shard, {.batch_size = 4, .fanout = 1, .seed = 0}, 0, 3);
  EXPECT_THROW(sampler.sample(0, 3), core::InputError);
  EXPECT_THROW(sampler.sample(0, -1), core::InputError);
  EXPECT_THROW(sampler.sample(-1, 0), core::InputError);
}

}  // namespace
}  // namespace zipp::training
