// The encoder as a posting-accuracy scorer (training/eval/posting_accuracy.h): a user's score for
// every subreddit is q_u . k_s, the link heads' query of the user's embedding (computed from its
// trainable edges only) against the key of every subreddit's embedding. The model runs in eval
// mode without gradients; the subreddit keys are computed once, at construction.
#pragma once

#include <span>

#include <ATen/core/Tensor.h>

#include "partition/shard.h"
#include "training/eval/posting_accuracy.h"
#include "training/model/persona_model.h"

namespace zipp::training {

class ModelScorer : public UserScorer {
 public:
  // `full_table` [global subreddits, D]: every subreddit's features, rows by global id.
  ModelScorer(PersonaModel model, const partition::Shard& shard, at::Tensor full_table);

  at::Tensor score(std::span<const std::int64_t> local_users) override;

 private:
  PersonaModel model_;
  const partition::Shard& shard_;
  at::Tensor full_table_;
  at::Tensor keys_;  // [global subreddits, H]
};

// Every subreddit's embedding [global subreddits, H] (the input projection of its features; no
// message passing), without gradients.
at::Tensor embed_all_subreddits(PersonaModel& model, const at::Tensor& full_table);

}  // namespace zipp::training
