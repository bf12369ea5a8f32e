// One training step's input as the neighbour sampler produces it (docs/training.md "Sampler"):
// B seed users with one positive subreddit each, a local block of the subreddits they touch
// (positives first, deduplicated) and the sampled edges as a COO list grouped by seed user.
// Plain vectors so batches can be built on worker threads without touching LibTorch.
#pragma once

#include <cstdint>
#include <vector>

namespace zipp::training {

struct MiniBatch {
  std::int64_t epoch = 0;
  std::int64_t step = 0;

  // Seed users [B]: local ids in the shard and global ids.
  std::vector<std::int64_t> user_local;
  std::vector<std::int64_t> user_global;
  // Each seed's positive edge: its subreddit as an index into the block, and the edge's position
  // in the shard's CSR arrays.
  std::vector<std::int64_t> positive;
  std::vector<std::int64_t> positive_edge;

  // The block's subreddits [S_b]: local and global ids. The first num_positive_subreddits are
  // the positives' subreddits in seed order (each once), then the neighbours' in edge order.
  std::vector<std::int64_t> block_local;
  std::vector<std::int64_t> block_global;
  std::int64_t num_positive_subreddits = 0;

  // Sampled edges [E], grouped by seed (seed i's edges are contiguous, in seed order):
  // edge_user in [0, B), edge_subreddit in [0, S_b), edge_features [E * 2] (e1, e2) as in the
  // shard, edge_id the edge's position in the shard's CSR arrays. user_edge_count [B].
  std::vector<std::int64_t> edge_user;
  std::vector<std::int64_t> edge_subreddit;
  std::vector<float> edge_features;
  std::vector<std::int64_t> edge_id;
  std::vector<std::int64_t> user_edge_count;

  // Seeds with a visual-behaviour vector: alignment_row[i] is its row in the shard's alignment
  // vectors, or -1 (has_alignment[i] == 0) when the user has none or the shard carries none.
  std::vector<std::uint8_t> has_alignment;
  std::vector<std::int64_t> alignment_row;

  std::int64_t num_users() const { return static_cast<std::int64_t>(user_local.size()); }
  std::int64_t num_block_subreddits() const {
    return static_cast<std::int64_t>(block_local.size());
  }
  std::int64_t num_edges() const { return static_cast<std::int64_t>(edge_user.size()); }
  std::int64_t num_aligned() const;

  bool operator==(const MiniBatch&) const = default;
};

}  // namespace zipp::training
