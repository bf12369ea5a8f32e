// The popularity baseline of posting accuracy (docs/training.md "Evaluation"): every user gets
// the same scores, the number of trainable edges of each subreddit over the whole graph. What a
// recommender without any evidence about the user would rank by.
#pragma once

#include <cstdint>
#include <span>

#include <ATen/core/Tensor.h>

#include "core/comm/communicator.h"
#include "partition/shard.h"
#include "training/eval/posting_accuracy.h"

namespace zipp::training {

class PopularityScorer : public UserScorer {
 public:
  // Collective over `comm`: sums every rank's trainable-edge counts.
  PopularityScorer(const partition::Shard& shard, const core::comm::Communicator& comm);

  // counts() broadcast to [users, global_subreddits] (a view, not a copy).
  at::Tensor score(std::span<const std::int64_t> local_users) override;

  // float32 [global_subreddits]: the global trainable-edge count of each subreddit. Counts past
  // 2^24 round to float32 (only subreddits of similar size at Reddit scale can come to tie).
  const at::Tensor& counts() const { return counts_; }

 private:
  at::Tensor counts_;
};

// Trainable edges per global subreddit over this shard's users, [global_subreddits].
std::vector<std::int64_t> local_trainable_counts(const partition::Shard& shard);

}  // namespace zipp::training
