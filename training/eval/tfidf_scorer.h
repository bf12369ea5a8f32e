// The TF-IDF baseline of posting accuracy (docs method §5 "Encoder ablation", docs/training.md
// "Evaluation"): users are documents and subreddits their terms, over trainable edges only.
//   tf_us  = n_us / sum of n_us' over u's trainable edges   (n_us = posts + comments, CSR data)
//   idf_s  = log(N / (1 + df_s)), N = users with a trainable edge, df_s = users with a trainable
//            edge to s (global counts)
//   profile_u = normalize(sum over u's trainable s of tf_us * idf_s * x_s)
//   score_us  = cosine(profile_u, x_s) for every subreddit s
// with x_s the subreddit's feature vector (the builtin text embedding of its description), so a
// profile is a TF-IDF-weighted bag of the description text of the user's subreddits.
#pragma once

#include <cstdint>
#include <span>

#include <ATen/core/Tensor.h>

#include "core/comm/communicator.h"
#include "partition/shard.h"
#include "training/eval/posting_accuracy.h"

namespace zipp::training {

class TfIdfScorer : public UserScorer {
 public:
  // Collective over `comm` (the global document frequencies). Keeps a reference to `shard`,
  // which must outlive the scorer. features: float32
  // [global_subreddits, D], the whole feature table in global id order; InputError otherwise.
  TfIdfScorer(const partition::Shard& shard, const at::Tensor& features,
              const core::comm::Communicator& comm);

  at::Tensor score(std::span<const std::int64_t> local_users) override;

  const at::Tensor& idf() const { return idf_; }  // float32 [global_subreddits]
  // float32 [users, D]: the L2-normalised profiles (zero for a user without trainable edges).
  at::Tensor profiles(std::span<const std::int64_t> local_users) const;

 private:
  const partition::Shard& shard_;
  at::Tensor idf_;
  at::Tensor unit_features_;  // rows L2-normalised; an all-zero row stays zero
};

}  // namespace zipp::training
