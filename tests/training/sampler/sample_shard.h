// Small in-memory shards for the sampler tests: random degrees (including users with no edge
// and users whose every edge is held out), distinct edge features per edge so a test can tell
// which edge a feature came from, global ids that differ from local ids, and alignment vectors
// for some users. Deterministic by seed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include <ATen/ops/zeros.h>

#include "core/random/rng.h"
#include "core/str.h"
#include "partition/shard.h"

namespace zipp::training::testing {

struct ShardSpec {
  std::int64_t users = 60;
  std::int64_t subreddits = 40;
  std::int64_t max_degree = 25;
  double heldout = 0.2;  // chance an edge is held out
  std::uint64_t seed = 3;
  bool with_split = true;
  bool with_alignment = true;
};

inline partition::Shard sample_shard(const ShardSpec& spec) {
  core::Rng rng(spec.seed);
  partition::Shard shard;
  shard.part = 0;
  shard.num_parts = 1;
  shard.global_users = 2 * spec.users + 1;
  shard.global_subreddits = 3 * spec.subreddits + 7;
  for (std::int64_t u = 0; u < spec.users; ++u) {
    shard.user_ids.push_back(2 * u + 1);
    shard.user_names.push_back(core::str("u", u));
  }
  for (std::int64_t s = 0; s < spec.subreddits; ++s) {
    shard.subreddit_ids.push_back(3 * s + 7);
    shard.subreddit_owner.push_back(0);
    shard.subreddit_owner_local.push_back(s);
  }
  shard.owned_subreddits = spec.subreddits;
  shard.features = at::zeros({spec.subreddits, 4});
  if (spec.with_split) shard.split.emplace();
  shard.csr.indptr.push_back(0);
  std::vector<std::int32_t> all(static_cast<std::size_t>(spec.subreddits));
  std::iota(all.begin(), all.end(), 0);
  for (std::int64_t u = 0; u < spec.users; ++u) {
    // User 0 has no edge; user 1 has only held-out edges (when there is a split).
    std::int64_t degree = u == 0 ? 0 : static_cast<std::int64_t>(rng.below(spec.max_degree + 1));
    if (u == 1) degree = 3;
    std::vector<std::int32_t> pool = all;
    for (std::int64_t i = 0; i < degree; ++i) {
      std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
    }
    std::sort(pool.begin(), pool.begin() + degree);
    for (std::int64_t i = 0; i < degree; ++i) {
      const auto e = static_cast<float>(shard.csr.indices.size());
      shard.csr.indices.push_back(pool[i]);
      shard.csr.posts.push_back(1);
      shard.csr.comments.push_back(0);
      shard.csr.features.push_back(e);
      shard.csr.features.push_back(-1.0f - e);
      if (spec.with_split) {
        shard.split->heldout.push_back(u == 1 || rng.bernoulli(spec.heldout) ? 1 : 0);
      }
    }
    shard.csr.indptr.push_back(static_cast<std::int64_t>(shard.csr.indices.size()));
  }
  shard.global_edges = shard.num_edges();
  if (spec.with_alignment) {
    shard.alignment.emplace();
    for (std::int64_t u = 0; u < spec.users; u += 3) shard.alignment->user_ids.push_back(u);
    shard.alignment->vectors =
        at::zeros({static_cast<std::int64_t>(shard.alignment->user_ids.size()), 2});
  }
  return shard;
}

inline bool is_heldout(const partition::Shard& shard, std::int64_t edge) {
  return shard.split && shard.split->heldout[edge] != 0;
}

inline std::int64_t trainable_degree(const partition::Shard& shard, std::int64_t user) {
  std::int64_t n = 0;
  for (std::int64_t e = shard.csr.indptr[user]; e < shard.csr.indptr[user + 1]; ++e) {
    n += is_heldout(shard, e) ? 0 : 1;
  }
  return n;
}

}  // namespace zipp::training::testing
