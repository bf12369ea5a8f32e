// The inductive forward pass of `zipp embed` (docs/training.md "Embedding"): a block of users
// with all their edges through the trained encoder, in eval mode and without gradients, giving
// each user's embedding and its subreddits ranked by the second layer's attention (mean over
// heads), the persona evidence later stages read.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <ATen/core/Tensor.h>

#include "training/embed/embedded_users.h"
#include "training/model/persona_model.h"
#include "training/trainer/user_block.h"

namespace zipp::training {

// Each user's k highest-attention subreddits: ids [n, k] int64 (global subreddit ids, -1 past
// the user's degree) and weights [n, k] float32 (0 there); degree is each user's edge count.
struct TopSubreddits {
  at::Tensor ids;
  at::Tensor weights;
  std::vector<std::int64_t> degree;
};

// Ranks each user's edges by their attention averaged over heads (`attention` [E, heads]),
// highest first, equal weights by increasing subreddit id. Edges may come in any order;
// `edge_user` [E] in [0, num_users), `edge_global` [E] the subreddit of each edge.
TopSubreddits rank_by_attention(const at::Tensor& attention,
                                std::span<const std::int64_t> edge_user,
                                std::span<const std::int64_t> edge_global, std::int64_t num_users,
                                std::int64_t top_k);

// Puts `model` in eval mode and runs the block's users (CPU tensors out).
EmbeddedUsers embed_users(PersonaModel& model, const UserBlock& block, std::int64_t top_k);

}  // namespace zipp::training
