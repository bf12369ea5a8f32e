// Held-out posting accuracy (docs method §5 "Encoder ablation", docs/training.md "Evaluation"):
// every held-out edge of an eligible user is one query that ranks the edge's subreddit among all
// subreddits of the graph, with the user's other subreddits filtered out. Any model or baseline
// takes part through UserScorer; ranks evaluate their own shard's users and sum the totals.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/comm/communicator.h"
#include "partition/shard.h"
#include "training/eval/ranking_metrics.h"

namespace zipp::training {

class UserScorer {
 public:
  virtual ~UserScorer() = default;
  // Scores float32 [users.size(), global_subreddits] for shard-local users, column = global
  // subreddit id. Their trainable edges are the evidence; held-out edges must never be used
  // (trainable_edges() below gives exactly the evidence).
  virtual at::Tensor score(std::span<const std::int64_t> local_users) = 0;
};

struct PostingEvalOptions {
  std::int64_t max_users = 0;      // 0: every eligible user; else a sample of this many per rank
  std::int64_t batch_users = 256;  // users per score() call, and queries per ranking pass
  std::uint64_t seed = 0;          // of the sample: Rng(seed, {rank})
};

// Positions in the shard's CSR arrays of the user's trainable edges (all of them without a
// split), in CSR order.
std::vector<std::int64_t> trainable_edges(const partition::Shard& shard, std::int64_t local_user);

// Local users with at least one held-out and at least one trainable edge, increasing. Empty when
// the shard has no split.
std::vector<std::int64_t> eligible_users(const partition::Shard& shard);

// The users evaluate_posting scores on this rank: all eligible users, or with max_users > 0 a
// sample of at most max_users of them drawn with Rng(seed, {rank}), in increasing order.
std::vector<std::int64_t> posting_eval_users(const partition::Shard& shard,
                                             const PostingEvalOptions& options, int rank);

// Posting accuracy over every rank's shard. Collective, but only after this rank's own work: the
// ranks agree on failures (core/comm/agree.h) and then sum with allreduce_totals, so score() must
// not be collective (ranks make different numbers of calls) and every rank calls this, with or
// without eligible users. A failure on any rank (InternalError for a scorer returning the wrong
// shape or dtype) becomes the same CollectiveError on every rank.
RankingMetrics evaluate_posting(const partition::Shard& shard, UserScorer& scorer,
                                const PostingEvalOptions& options,
                                const core::comm::Communicator& comm);

// This rank's totals alone (what evaluate_posting sums over ranks); not collective.
RankingTotals posting_totals(const partition::Shard& shard, UserScorer& scorer,
                             const PostingEvalOptions& options, int rank);

}  // namespace zipp::training
