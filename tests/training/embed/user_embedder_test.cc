// The attention ranking of `zipp embed` against a brute-force ranking, the block built from
// graph.h5 rows, and new users read from an edge list (known and unknown subreddits, repeats,
// edge features from the graph's totals).
#include "training/embed/user_embedder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include <ATen/ops/rand.h>
#include <ATen/ops/randn.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/random/rng.h"
#include "core/tensor_vector.h"
#include "graph/edge_features.h"
#include "tests/training/sampler/sample_shard.h"
#include "training/embed/new_users.h"
#include "training/model/persona_model.h"
#include "training/trainer/user_block.h"

namespace zipp::training {
namespace {

TEST(RankByAttention, MatchesASortOfEachUsersEdgesByMeanWeightThenSubreddit) {
  core::Rng rng(7, {1});
  const std::int64_t users = 6;
  const std::int64_t heads = 3;
  const std::int64_t top_k = 4;
  std::vector<std::int64_t> edge_user;
  std::vector<std::int64_t> edge_global;
  std::vector<float> values;
  // User 5 has no edge; the others up to 7, scattered in any order, with some weights tied.
  for (std::int64_t u = 0; u < 5; ++u) {
    const std::int64_t degree = 1 + static_cast<std::int64_t>(rng.below(7));
    for (std::int64_t j = 0; j < degree; ++j) {
      edge_user.push_back(u);
      edge_global.push_back(100 * u + static_cast<std::int64_t>(rng.below(50)) * 2 + j % 2);
      const float level = static_cast<float>(rng.below(3)) * 0.25f;  // ties are common
      for (std::int64_t h = 0; h < heads; ++h) values.push_back(level);
    }
  }
  // Subreddit ids are unique per user in a block; drop repeats drawn above.
  std::vector<std::size_t> perm(edge_user.size());
  std::iota(perm.begin(), perm.end(), 0);
  for (std::size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
  std::vector<std::int64_t> eu;
  std::vector<std::int64_t> eg;
  std::vector<float> ev;
  std::vector<std::pair<std::int64_t, std::int64_t>> seen;
  for (const std::size_t i : perm) {
    if (std::find(seen.begin(), seen.end(), std::pair{edge_user[i], edge_global[i]}) !=
        seen.end()) {
      continue;
    }
    seen.emplace_back(edge_user[i], edge_global[i]);
    eu.push_back(edge_user[i]);
    eg.push_back(edge_global[i]);
    // Heads differ; the mean is what ranks: head h gets level + (h - 1) * 0.1.
    for (std::int64_t h = 0; h < heads; ++h) {
      ev.push_back(values[i * heads] + static_cast<float>(h - 1) * 0.1f);
    }
  }
  const auto e = static_cast<std::int64_t>(eu.size());
  const at::Tensor attention = core::tensor_view(ev, at::kFloat, {e, heads}).clone();
  const TopSubreddits top = rank_by_attention(attention, eu, eg, users, top_k);
  ASSERT_EQ(top.ids.sizes(), (std::vector<std::int64_t>{users, top_k}));
  ASSERT_EQ(top.weights.sizes(), (std::vector<std::int64_t>{users, top_k}));
  const at::Tensor mean = attention.mean(1);
  for (std::int64_t u = 0; u < users; ++u) {
    std::vector<std::tuple<float, std::int64_t>> expected;  // (-weight, id)
    for (std::int64_t i = 0; i < e; ++i) {
      if (eu[i] == u) expected.emplace_back(-mean[i].item<float>(), eg[i]);
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(top.degree[u], static_cast<std::int64_t>(expected.size()));
    for (std::int64_t j = 0; j < top_k; ++j) {
      if (j < static_cast<std::int64_t>(expected.size())) {
        EXPECT_EQ(top.ids[u][j].item<std::int64_t>(), std::get<1>(expected[j])) << u << " " << j;
        EXPECT_FLOAT_EQ(top.weights[u][j].item<float>(), -std::get<0>(expected[j]));
      } else {
        EXPECT_EQ(top.ids[u][j].item<std::int64_t>(), -1);
        EXPECT_EQ(top.weights[u][j].item<float>(), 0.0f);
      }
    }
  }
  EXPECT_EQ(top.degree[5], 0);
}

TEST(RankByAttention, RefusesMismatchedShapesAndUsersOutOfRange) {
  const at::Tensor attention = at::rand({2, 2});
  const std::vector<std::int64_t> users = {0, 3};
  const std::vector<std::int64_t> ids = {4, 5};
  EXPECT_THROW(rank_by_attention(attention, users, ids, 2, 3), core::InputError);
  EXPECT_THROW(rank_by_attention(at::rand({3, 2}), std::vector<std::int64_t>{0, 1}, ids, 2, 3),
               core::InputError);
  EXPECT_THROW(rank_by_attention(attention, std::vector<std::int64_t>{0, 1}, ids, 2, 0),
               core::InputError);
}

// Three users of a 5-subreddit graph: 2 edges, none, 3 edges.
graph::UserRows sample_rows() {
  graph::UserRows rows;
  rows.begin = 10;
  rows.end = 13;
  rows.indptr = {40, 42, 42, 45};
  rows.indices = {1, 3, 0, 3, 4};
  rows.posts = {1, 2, 0, 5, 1};
  rows.comments = {0, 1, 3, 1, 1};
  rows.features = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f};
  return rows;
}

TEST(UserBlockFromRows, NumbersSubredditsAtFirstUseAndKeepsEveryEdge) {
  const at::Tensor table = at::randn({5, 4});
  const UserBlock block = user_block(sample_rows(), table);
  EXPECT_EQ(block.input.num_users, 3);
  EXPECT_EQ(block.edge_user, (std::vector<std::int64_t>{0, 0, 2, 2, 2}));
  EXPECT_EQ(block.edge_global, (std::vector<std::int64_t>{1, 3, 0, 3, 4}));
  EXPECT_EQ(block.block_global, (std::vector<std::int64_t>{1, 3, 0, 4}));
  EXPECT_EQ(core::tensor_to_vector<std::int64_t>(block.input.edge_subreddit),
            (std::vector<std::int64_t>{0, 1, 2, 1, 3}));
  EXPECT_EQ(core::tensor_to_vector<float>(block.input.edge_features), sample_rows().features);
  for (std::int64_t r = 0; r < 4; ++r) {
    EXPECT_TRUE(block.input.subreddit_features[r].equal(table[block.block_global[r]]));
  }
  EXPECT_THROW(user_block(sample_rows(), at::randn({4, 4})), core::InputError);
}

// The trainer's block (a shard's users, every edge) and embed's (graph rows) are one builder: the
// same users give the same block whichever way they come.
TEST(UserBlockFromRows, EqualsTheShardBlockOfTheSameUsersWithEveryEdge) {
  const partition::Shard shard = testing::sample_shard({});
  const at::Tensor table = at::randn({shard.global_subreddits, 3});
  const std::vector<std::int64_t> local = {4, 0, 5, 6, 7, 8};  // user 0 has no edge
  graph::UserRows rows;
  rows.begin = 0;
  rows.end = 6;
  rows.indptr = {100};
  for (const std::int64_t u : {4, 0, 5, 6, 7, 8}) {
    for (std::int64_t e = shard.csr.indptr[u]; e < shard.csr.indptr[u + 1]; ++e) {
      rows.indices.push_back(static_cast<std::int32_t>(shard.subreddit_ids[shard.csr.indices[e]]));
      rows.features.push_back(shard.csr.features[2 * e]);
      rows.features.push_back(shard.csr.features[2 * e + 1]);
    }
    rows.indptr.push_back(100 + static_cast<std::int64_t>(rows.indices.size()));
  }
  const UserBlock from_rows = user_block(rows, table);
  const UserBlock from_shard = user_block(shard, local, EdgeSelection::kAll, table);
  EXPECT_GT(from_shard.edge_user.size(), 0U);
  EXPECT_EQ(from_rows.edge_user, from_shard.edge_user);
  EXPECT_EQ(from_rows.edge_global, from_shard.edge_global);
  EXPECT_EQ(from_rows.block_global, from_shard.block_global);
  EXPECT_TRUE(from_rows.input.edge_subreddit.equal(from_shard.input.edge_subreddit));
  EXPECT_TRUE(from_rows.input.edge_features.equal(from_shard.input.edge_features));
  EXPECT_TRUE(from_rows.input.subreddit_features.equal(from_shard.input.subreddit_features));
  EXPECT_EQ(from_rows.input.num_users, from_shard.input.num_users);
}

TEST(SliceUserRows, KeepsTheRangesEdges) {
  const graph::UserRows rows = sample_rows();
  const graph::UserRows middle = slice_user_rows(rows, 11, 13);
  EXPECT_EQ(middle.indptr, (std::vector<std::int64_t>{42, 42, 45}));
  EXPECT_EQ(middle.indices, (std::vector<std::int32_t>{0, 3, 4}));
  EXPECT_EQ(middle.comments, (std::vector<std::int32_t>{3, 1, 1}));
  EXPECT_EQ(middle.features, (std::vector<float>{0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f}));
  EXPECT_EQ(slice_user_rows(rows, 12, 12).num_edges(), 0);
  EXPECT_THROW(slice_user_rows(rows, 9, 12), core::InputError);
}

TEST(EmbedUsers, GivesUnitEmbeddingsAndAttentionThatSumsToOnePerUser) {
  ModelConfig config;
  config.hidden = 8;
  config.heads = 2;
  config.feature_dim = 4;
  config.alignment_dim = 4;
  at::manual_seed(3);
  PersonaModel model(config);
  const UserBlock block = user_block(sample_rows(), at::randn({5, 4}));
  const EmbeddedUsers out = embed_users(model, block, 2);
  ASSERT_EQ(out.embeddings.sizes(), (std::vector<std::int64_t>{3, 8}));
  EXPECT_EQ(out.degree, (std::vector<std::int64_t>{2, 0, 3}));
  EXPECT_NEAR(out.embeddings[0].norm().item<float>(), 1.0f, 1e-5);
  EXPECT_NEAR(out.embeddings[2].norm().item<float>(), 1.0f, 1e-5);
  EXPECT_NEAR(out.top_weights[0].sum().item<float>(), 1.0f, 1e-5);  // both edges kept
  EXPECT_LE(out.top_weights[2].sum().item<float>(), 1.0f + 1e-5f);
  EXPECT_EQ(out.top_subreddits[1][0].item<std::int64_t>(), -1);
  // Eval mode: the same block twice gives the same output (no dropout).
  const EmbeddedUsers again = embed_users(model, block, 2);
  EXPECT_TRUE(again.embeddings.equal(out.embeddings));
}

class NewUsersTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::path(::testing::TempDir()) / name;
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(NewUsersTest, MapsSubredditsSumsRepeatsAndSkipsUnknownOnes) {
  const std::vector<std::string> subreddits = {"analog", "birds", "cats"};
  const std::vector<std::int64_t> totals = {40, 3, 9};
  const auto path = write("new_users.tsv",
                          "user\tsubreddit\tposts\tcomments\n"
                          "zoe\tcats\t1\t2\n"
                          "ann\tnowhere\t4\t0\n"
                          "zoe\tanalog\t0\t1\n"
                          "zoe\tcats\t0\t3\n"
                          "zoe\tmystery\t2\t2\n"
                          "bob\tbirds\t5\t0\n");
  const NewUsers users = read_new_users(path, subreddits, totals);
  ASSERT_EQ(users.names, (std::vector<std::string>{"zoe", "ann", "bob"}));
  EXPECT_EQ(users.records, 6);
  EXPECT_EQ(users.known_edges, 3);
  EXPECT_EQ(users.unknown_edges, 2);
  EXPECT_EQ(users.unknown_subreddits, 2);
  EXPECT_EQ(users.users_without_edges, 1);
  EXPECT_EQ(users.rows.indptr, (std::vector<std::int64_t>{0, 2, 2, 3}));
  EXPECT_EQ(users.rows.indices, (std::vector<std::int32_t>{0, 2, 1}));
  EXPECT_EQ(users.rows.posts, (std::vector<std::int32_t>{0, 1, 5}));
  EXPECT_EQ(users.rows.comments, (std::vector<std::int32_t>{1, 5, 0}));
  // zoe: N_u = 1 + 6 over her known edges; bob's 5 exceeds birds' graph total of 3.
  const std::vector<float> expected = {
      static_cast<float>(graph::edge_e1(1, 7, 40)), static_cast<float>(graph::edge_e2(0, 1)),
      static_cast<float>(graph::edge_e1(6, 7, 9)),  static_cast<float>(graph::edge_e2(1, 5)),
      static_cast<float>(graph::edge_e1(5, 5, 5)),  static_cast<float>(graph::edge_e2(5, 0))};
  EXPECT_EQ(users.rows.features, expected);
}

}  // namespace
}  // namespace zipp::training
