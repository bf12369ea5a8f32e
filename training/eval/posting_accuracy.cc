#include "training/eval/posting_accuracy.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include <ATen/ops/arange.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/zeros.h>

#include "core/check.h"
#include "core/comm/agree.h"
#include "core/error.h"
#include "core/random/rng.h"

namespace zipp::training {
namespace {

bool is_heldout(const partition::Shard& shard, std::int64_t edge) {
  return shard.split && shard.split->heldout[static_cast<std::size_t>(edge)] != 0;
}

at::Tensor long_tensor(std::vector<std::int64_t>& values) {
  return at::from_blob(values.data(), {static_cast<std::int64_t>(values.size())}, at::kLong)
      .clone();
}

// One score() batch: its queries (held-out edges) and every subreddit of each user, as flat
// indices row * global_subreddits + subreddit into the batch's score matrix.
struct BatchQueries {
  std::vector<std::int64_t> row;
  std::vector<std::int64_t> target;
  std::vector<std::int64_t> user_subreddits;
};

BatchQueries batch_queries(const partition::Shard& shard, std::span<const std::int64_t> users) {
  BatchQueries q;
  const std::int64_t g = shard.global_subreddits;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const std::int64_t u = users[i];
    for (std::int64_t e = shard.csr.indptr[u]; e < shard.csr.indptr[u + 1]; ++e) {
      const std::int64_t s = shard.subreddit_ids[shard.csr.indices[e]];
      const auto row = static_cast<std::int64_t>(i);
      q.user_subreddits.push_back(row * g + s);
      if (is_heldout(shard, e)) {
        q.row.push_back(row);
        q.target.push_back(s);
      }
    }
  }
  return q;
}

void check_scores(const at::Tensor& scores, std::int64_t users, std::int64_t subreddits) {
  ZIPP_CHECK_T(core::InternalError,
               scores.defined() && scores.dim() == 2 && scores.size(0) == users &&
                   scores.size(1) == subreddits && scores.scalar_type() == at::kFloat &&
                   scores.device().is_cpu(),
               "posting accuracy: a scorer must return CPU float32 [", users, ", ", subreddits,
               "] (users x global subreddits), found ",
               scores.defined() ? scores.sizes() : at::IntArrayRef{}, " ",
               scores.defined() ? scores.scalar_type() : at::kFloat);
}

}  // namespace

std::vector<std::int64_t> trainable_edges(const partition::Shard& shard, std::int64_t local_user) {
  ZIPP_CHECK_T(core::InputError, 0 <= local_user && local_user < shard.num_users(),
               "trainable_edges: local user ", local_user, " is not in shard ", shard.part, " (",
               shard.num_users(), " users)");
  std::vector<std::int64_t> edges;
  for (std::int64_t e = shard.csr.indptr[local_user]; e < shard.csr.indptr[local_user + 1]; ++e) {
    if (!is_heldout(shard, e)) edges.push_back(e);
  }
  return edges;
}

std::vector<std::int64_t> eligible_users(const partition::Shard& shard) {
  std::vector<std::int64_t> users;
  if (!shard.split) return users;
  ZIPP_CHECK_T(core::InputError,
               shard.split->heldout.size() == static_cast<std::size_t>(shard.num_edges()),
               "posting accuracy: shard ", shard.part, " has ", shard.split->heldout.size(),
               " held-out flags for ", shard.num_edges(), " edges");
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    std::int64_t heldout = 0;
    const std::int64_t degree = shard.csr.indptr[u + 1] - shard.csr.indptr[u];
    for (std::int64_t e = shard.csr.indptr[u]; e < shard.csr.indptr[u + 1]; ++e) {
      heldout += is_heldout(shard, e) ? 1 : 0;
    }
    if (heldout > 0 && heldout < degree) users.push_back(u);
  }
  return users;
}

std::vector<std::int64_t> posting_eval_users(const partition::Shard& shard,
                                             const PostingEvalOptions& options, int rank) {
  ZIPP_CHECK_T(core::ConfigError, options.max_users >= 0,
               "posting accuracy: max_users must be >= 0 (0: all eligible users), found ",
               options.max_users);
  std::vector<std::int64_t> users = eligible_users(shard);
  const auto n = static_cast<std::int64_t>(users.size());
  if (options.max_users == 0 || n <= options.max_users) return users;
  // The first max_users places of a Fisher-Yates shuffle: a uniform sample without replacement.
  core::Rng rng(options.seed, {static_cast<std::uint64_t>(rank)});
  for (std::int64_t i = 0; i < options.max_users; ++i) {
    const auto j = i + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n - i)));
    std::swap(users[i], users[j]);
  }
  users.resize(static_cast<std::size_t>(options.max_users));
  std::sort(users.begin(), users.end());
  return users;
}

RankingTotals posting_totals(const partition::Shard& shard, UserScorer& scorer,
                             const PostingEvalOptions& options, int rank) {
  ZIPP_CHECK_T(core::ConfigError, options.batch_users > 0,
               "posting accuracy: batch_users must be > 0, found ", options.batch_users);
  const std::vector<std::int64_t> users = posting_eval_users(shard, options, rank);
  const std::int64_t g = shard.global_subreddits;
  RankingTotals totals;
  for (std::size_t begin = 0; begin < users.size();
       begin += static_cast<std::size_t>(options.batch_users)) {
    const std::size_t end =
        std::min(users.size(), begin + static_cast<std::size_t>(options.batch_users));
    const std::span<const std::int64_t> batch(users.data() + begin, end - begin);
    const auto n = static_cast<std::int64_t>(batch.size());
    const at::Tensor scores = scorer.score(batch);
    check_scores(scores, n, g);

    BatchQueries q = batch_queries(shard, batch);
    at::Tensor user_exclude = at::zeros({n, g}, at::kBool);
    user_exclude.view(-1).index_fill_(0, long_tensor(q.user_subreddits), true);
    // Queries in chunks of batch_users rows, so a batch of heavy users does not copy its score
    // rows once per held-out edge all at once.
    const auto queries = static_cast<std::int64_t>(q.row.size());
    for (std::int64_t q0 = 0; q0 < queries; q0 += options.batch_users) {
      const std::int64_t q1 = std::min(queries, q0 + options.batch_users);
      std::vector<std::int64_t> row(q.row.begin() + q0, q.row.begin() + q1);
      std::vector<std::int64_t> target(q.target.begin() + q0, q.target.begin() + q1);
      const at::Tensor rows = long_tensor(row);
      const at::Tensor targets = long_tensor(target);
      // The user's other subreddits are filtered out; its own target stays a candidate.
      at::Tensor exclude = user_exclude.index_select(0, rows);
      exclude.view(-1).index_fill_(0, at::arange(q1 - q0, at::kLong).mul(g).add(targets), false);
      totals.add(rank_targets(scores.index_select(0, rows), targets, exclude));
    }
  }
  return totals;
}

RankingMetrics evaluate_posting(const partition::Shard& shard, UserScorer& scorer,
                                const PostingEvalOptions& options,
                                const core::comm::Communicator& comm) {
  // Agreed before the sum, so a rank whose scorer fails does not leave the others waiting.
  RankingTotals local;
  core::comm::agree_on_setup(
      comm, [&] { local = posting_totals(shard, scorer, options, comm.rank()); },
      "posting accuracy");
  return finalize(allreduce_totals(comm, local));
}

}  // namespace zipp::training
