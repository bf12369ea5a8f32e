#include "training/sampler/neighbor_sampler.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/check.h"
#include "core/error.h"
#include "core/random/rng.h"
#include "training/sampler/sampler_streams.h"

namespace zipp::training {
namespace {

// Floyd's algorithm: k distinct indices of [0, n), k <= n, in increasing order.
std::vector<std::int64_t> choose_distinct(core::Rng& rng, std::int64_t n, std::int64_t k) {
  std::vector<std::int64_t> chosen;
  chosen.reserve(static_cast<std::size_t>(k));
  if (k >= n) {
    for (std::int64_t i = 0; i < n; ++i) chosen.push_back(i);
    return chosen;
  }
  std::unordered_set<std::int64_t> taken;
  taken.reserve(static_cast<std::size_t>(2 * k));
  for (std::int64_t j = n - k; j < n; ++j) {
    const auto t = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(j + 1)));
    const std::int64_t pick = taken.insert(t).second ? t : j;
    if (pick == j) taken.insert(j);
    chosen.push_back(pick);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::int64_t alignment_row(const partition::Shard& shard, std::int64_t local_user) {
  if (!shard.alignment) return -1;
  const auto& ids = shard.alignment->user_ids;
  const auto it = std::lower_bound(ids.begin(), ids.end(), local_user);
  return it != ids.end() && *it == local_user ? static_cast<std::int64_t>(it - ids.begin()) : -1;
}

}  // namespace

NeighborSampler::NeighborSampler(const partition::Shard& shard, SamplerOptions options,
                                 std::int64_t rank, std::int64_t steps_per_epoch)
    : shard_(shard),
      options_(options),
      rank_(rank),
      steps_per_epoch_(steps_per_epoch),
      steps_per_pass_(0),
      trainable_(TrainableEdges::of(shard)),
      order_(options.seed, rank, trainable_.num_users()) {
  ZIPP_CHECK_T(core::ConfigError, options_.batch_size >= 1,
               "sampler: batch_size must be >= 1, found ", options_.batch_size);
  ZIPP_CHECK_T(core::ConfigError, options_.fanout >= 0, "sampler: fanout must be >= 0, found ",
               options_.fanout);
  ZIPP_CHECK_T(core::ConfigError, steps_per_epoch_ >= 1,
               "sampler: steps_per_epoch must be >= 1, found ", steps_per_epoch_);
  ZIPP_CHECK_T(core::InputError,
               !shard.split || shard.split->heldout.size() == shard.csr.indices.size(),
               "sampler: shard part ", shard.part, " has ", shard.split->heldout.size(),
               " held-out flags for ", shard.csr.indices.size(), " edges");
  ZIPP_CHECK_T(core::InputError, shard.csr.features.size() == 2 * shard.csr.indices.size(),
               "sampler: shard part ", shard.part, " has ", shard.csr.features.size(),
               " edge feature values for ", shard.csr.indices.size(), " edges, expected 2 each");
  steps_per_pass_ = local_steps_per_epoch(shard, options_.batch_size);
}

std::int64_t NeighborSampler::local_steps_per_epoch(const partition::Shard& shard,
                                                    std::int64_t batch_size) {
  ZIPP_CHECK_T(core::ConfigError, batch_size >= 1, "sampler: batch_size must be >= 1, found ",
               batch_size);
  const std::int64_t users = TrainableEdges::of(shard).num_users();
  return (users + batch_size - 1) / batch_size;
}

std::int64_t NeighborSampler::positive_edge(std::int64_t epoch, std::int64_t pass,
                                            std::int64_t trainable_index) const {
  const auto edges = trainable_.of_user(trainable_index);
  core::Rng rng(options_.seed, {kPositiveStream, static_cast<std::uint64_t>(epoch),
                                static_cast<std::uint64_t>(rank_), static_cast<std::uint64_t>(pass),
                                static_cast<std::uint64_t>(trainable_.users[trainable_index])});
  return edges[rng.below(edges.size())];
}

MiniBatch NeighborSampler::sample(std::int64_t epoch, std::int64_t step) const {
  ZIPP_CHECK_T(core::InputError, epoch >= 0, "sampler: epoch must be >= 0, found ", epoch);
  ZIPP_CHECK_T(core::InputError, step >= 0 && step < steps_per_epoch_, "sampler: step ", step,
               " outside [0, ", steps_per_epoch_, ") of epoch ", epoch);
  MiniBatch batch;
  batch.epoch = epoch;
  batch.step = step;
  if (steps_per_pass_ == 0) return batch;

  // Passes end on a batch boundary (the last batch of a pass may be short), so no user is a
  // seed twice in one batch.
  const std::int64_t pass = step / steps_per_pass_;
  const std::int64_t begin = (step % steps_per_pass_) * options_.batch_size;
  const std::int64_t end = std::min(begin + options_.batch_size, trainable_.num_users());
  const auto order = order_.order(epoch, pass);

  std::unordered_map<std::int64_t, std::int64_t> block_index;  // local subreddit -> block
  auto block_of = [&](std::int64_t local_subreddit) {
    const auto [it, added] =
        block_index.emplace(local_subreddit, static_cast<std::int64_t>(batch.block_local.size()));
    if (added) {
      batch.block_local.push_back(local_subreddit);
      batch.block_global.push_back(shard_.subreddit_ids[local_subreddit]);
    }
    return it->second;
  };

  const std::int64_t b = end - begin;
  for (std::int64_t i = 0; i < b; ++i) {
    const std::int64_t t = (*order)[begin + i];
    const std::int64_t user = trainable_.users[t];
    const std::int64_t edge = positive_edge(epoch, pass, t);
    batch.user_local.push_back(user);
    batch.user_global.push_back(shard_.user_ids[user]);
    batch.positive_edge.push_back(edge);
    batch.positive.push_back(block_of(shard_.csr.indices[edge]));
    const std::int64_t row = alignment_row(shard_, user);
    batch.alignment_row.push_back(row);
    batch.has_alignment.push_back(row >= 0 ? 1 : 0);
  }
  batch.num_positive_subreddits = batch.num_block_subreddits();

  batch.user_edge_count.assign(static_cast<std::size_t>(b), 0);
  for (std::int64_t i = 0; i < b; ++i) {
    const std::int64_t t = (*order)[begin + i];
    const auto edges = trainable_.of_user(t);
    const auto skip = static_cast<std::int64_t>(
        std::find(edges.begin(), edges.end(), batch.positive_edge[i]) - edges.begin());
    // Candidates are the trainable edges minus the positive: index k maps to edges[k] below
    // the positive's position and to edges[k + 1] from it on.
    const std::int64_t candidates = static_cast<std::int64_t>(edges.size()) - 1;
    core::Rng rng(options_.seed, {kNeighborStream, static_cast<std::uint64_t>(epoch),
                                  static_cast<std::uint64_t>(rank_),
                                  static_cast<std::uint64_t>(step), static_cast<std::uint64_t>(i)});
    for (std::int64_t k : choose_distinct(rng, candidates, std::min(options_.fanout, candidates))) {
      const std::int64_t e = edges[k < skip ? k : k + 1];
      batch.edge_user.push_back(i);
      batch.edge_subreddit.push_back(block_of(shard_.csr.indices[e]));
      batch.edge_features.push_back(shard_.csr.features[2 * e]);
      batch.edge_features.push_back(shard_.csr.features[2 * e + 1]);
      batch.edge_id.push_back(e);
      ++batch.user_edge_count[i];
    }
  }
  return batch;
}

}  // namespace zipp::training
