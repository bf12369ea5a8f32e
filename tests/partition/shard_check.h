// Compares one shard against the global graph it came from, row by row, in global ids: the
// checks behind "the shards together reproduce the graph exactly" (single-process and MPI tests).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include <ATen/ops/equal.h>
#include <gtest/gtest.h>

#include "graph/bipartite_graph.h"
#include "partition/shard.h"

namespace zipp::partition::testing {

// `subreddit_part` / `subreddit_local`: the partition book's view, to check halo owners.
inline void expect_shard_matches_graph(const Shard& shard, const graph::BipartiteGraph& g,
                                       const std::vector<std::int32_t>& subreddit_part,
                                       const std::vector<std::int64_t>& subreddit_local) {
  ASSERT_EQ(shard.global_users, g.num_users);
  ASSERT_EQ(shard.global_subreddits, g.num_subreddits);
  ASSERT_EQ(shard.global_edges, g.num_edges());
  ASSERT_TRUE(std::is_sorted(shard.user_ids.begin(), shard.user_ids.end()));
  ASSERT_EQ(shard.csr.indptr.size(), shard.user_ids.size() + 1);
  for (std::int64_t i = 0; i < shard.num_users(); ++i) {
    const std::int64_t u = shard.user_ids[i];
    ASSERT_EQ(shard.local_user(u), i);
    ASSERT_EQ(shard.user_names[i], g.user_names[u]);
    const std::int64_t lo = shard.csr.indptr[i];
    const std::int64_t n = shard.csr.indptr[i + 1] - lo;
    const std::int64_t global_lo = g.csr.indptr[u];
    ASSERT_EQ(n, g.csr.indptr[u + 1] - global_lo) << "degree of user " << u;
    ASSERT_EQ(static_cast<std::int64_t>(shard.neighbors(i).size()), n);
    ASSERT_EQ(shard.first_edge(i), lo);
    for (std::int64_t j = 0; j < n; ++j) {
      const std::int64_t e = lo + j;
      const std::int64_t ge = global_lo + j;
      const std::int32_t local_s = shard.csr.indices[e];
      ASSERT_EQ(shard.subreddit_ids[local_s], g.csr.indices[ge]) << "user " << u << " edge " << j;
      ASSERT_EQ(shard.csr.posts[e], g.csr.posts[ge]);
      ASSERT_EQ(shard.csr.comments[e], g.csr.comments[ge]);
      ASSERT_EQ(shard.csr.features[2 * e], g.csr.features[2 * ge]);
      ASSERT_EQ(shard.csr.features[2 * e + 1], g.csr.features[2 * ge + 1]);
      ASSERT_EQ(shard.split.has_value(), g.split.has_value());
      if (g.split) {
        ASSERT_EQ(shard.split->heldout[e], g.split->heldout[ge]);
      }
    }
  }
  if (g.split) {
    EXPECT_EQ(shard.split->seed, g.split->seed);
  }

  // Owned subreddits carry their feature rows; halo ones name their owner.
  ASSERT_EQ(shard.features.size(0), shard.num_owned_subreddits());
  for (std::int64_t s = 0; s < shard.num_subreddits(); ++s) {
    const std::int64_t global = shard.subreddit_ids[s];
    ASSERT_EQ(shard.local_subreddit(global), s);
    ASSERT_EQ(shard.subreddit_owner[s], subreddit_part[global]);
    ASSERT_EQ(shard.subreddit_owner_local[s], subreddit_local[global]);
    ASSERT_EQ(shard.is_halo(s), subreddit_part[global] != shard.part);
    if (!shard.is_halo(s)) {
      ASSERT_EQ(s, subreddit_local[global]);
      ASSERT_TRUE(at::equal(shard.features[s], g.subreddit_features[global])) << global;
    }
  }
  // The halo is exactly what the users touch outside the part.
  std::vector<bool> touched(shard.num_subreddits(), false);
  for (const auto s : shard.csr.indices) touched[s] = true;
  for (std::int64_t s = shard.num_owned_subreddits(); s < shard.num_subreddits(); ++s) {
    EXPECT_TRUE(touched[s]) << "halo subreddit " << shard.subreddit_ids[s] << " is never used";
  }

  ASSERT_EQ(shard.alignment.has_value(), g.alignment.has_value());
  if (g.alignment) {
    std::int64_t expected = 0;
    for (const auto u : g.alignment->user_ids) expected += shard.local_user(u).has_value();
    ASSERT_EQ(static_cast<std::int64_t>(shard.alignment->user_ids.size()), expected);
    for (std::size_t k = 0; k < shard.alignment->user_ids.size(); ++k) {
      const std::int64_t u = shard.user_ids[shard.alignment->user_ids[k]];
      const auto it =
          std::lower_bound(g.alignment->user_ids.begin(), g.alignment->user_ids.end(), u);
      ASSERT_TRUE(it != g.alignment->user_ids.end() && *it == u) << u;
      ASSERT_TRUE(at::equal(shard.alignment->vectors[static_cast<std::int64_t>(k)],
                            g.alignment->vectors[it - g.alignment->user_ids.begin()]));
    }
  }
}

}  // namespace zipp::partition::testing
