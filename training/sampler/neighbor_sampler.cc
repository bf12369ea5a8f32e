#include "training/sampler/neighbor_sampler.h"

#include <algorithm>
#include <bit>

#include "core/check.h"
#include "core/error.h"
#include "core/random/rng.h"
#include "training/sampler/sampler_streams.h"

namespace zipp::training {
namespace {

// Floyd's algorithm: k distinct indices of [0, n), 0 < k < n, appended to `out` in increasing
// order. `taken` is a bitmap of at least n bits, all clear on entry and on return; a bitmap
// rather than a hash set because the draws, not the bookkeeping, should be the cost.
void choose_distinct(core::Rng& rng, std::int64_t n, std::int64_t k,
                     std::vector<std::uint64_t>& taken, std::vector<std::int64_t>& out) {
  const std::size_t first = out.size();
  const auto is_taken = [&](std::int64_t i) { return (taken[i >> 6] >> (i & 63)) & 1U; };
  for (std::int64_t j = n - k; j < n; ++j) {
    const auto t = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(j + 1)));
    // j itself is never taken yet: every earlier pick is below it.
    const std::int64_t pick = is_taken(t) ? j : t;
    taken[pick >> 6] |= std::uint64_t{1} << (pick & 63);
    out.push_back(pick);
  }
  const std::int64_t words = (n + 63) >> 6;
  if (words <= k) {
    // Dense: read the picks back in order from the bitmap, clearing it on the way.
    out.resize(first);
    for (std::int64_t w = 0; w < words; ++w) {
      for (std::uint64_t bits = taken[w]; bits != 0; bits &= bits - 1) {
        out.push_back((w << 6) + std::countr_zero(bits));
      }
      taken[w] = 0;
    }
  } else {
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    for (auto it = out.begin() + static_cast<std::ptrdiff_t>(first); it != out.end(); ++it) {
      taken[*it >> 6] = 0;
    }
  }
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
  steps_per_pass_ = (trainable_.num_users() + options_.batch_size - 1) / options_.batch_size;
  // Each trainable user's alignment row, looked up once here rather than once per seed.
  alignment_row_.assign(static_cast<std::size_t>(trainable_.num_users()), -1);
  if (shard.alignment) {
    const auto& ids = shard.alignment->user_ids;
    for (std::int64_t t = 0; t < trainable_.num_users(); ++t) {
      const auto it = std::lower_bound(ids.begin(), ids.end(), trainable_.users[t]);
      if (it != ids.end() && *it == trainable_.users[t]) alignment_row_[t] = it - ids.begin();
    }
  }
}

std::int64_t NeighborSampler::local_steps_per_epoch(const partition::Shard& shard,
                                                    std::int64_t batch_size) {
  ZIPP_CHECK_T(core::ConfigError, batch_size >= 1, "sampler: batch_size must be >= 1, found ",
               batch_size);
  const std::int64_t users = TrainableEdges::count_users(shard);
  return (users + batch_size - 1) / batch_size;
}

std::int64_t NeighborSampler::positive_index(std::int64_t epoch, std::int64_t pass,
                                             std::int64_t trainable_index) const {
  core::Rng rng(options_.seed, {kPositiveStream, static_cast<std::uint64_t>(epoch),
                                static_cast<std::uint64_t>(rank_), static_cast<std::uint64_t>(pass),
                                static_cast<std::uint64_t>(trainable_.users[trainable_index])});
  const auto degree = static_cast<std::uint64_t>(trainable_.offset[trainable_index + 1] -
                                                 trainable_.offset[trainable_index]);
  return static_cast<std::int64_t>(rng.below(degree));
}

std::int64_t NeighborSampler::positive_edge(std::int64_t epoch, std::int64_t pass,
                                            std::int64_t trainable_index) const {
  return trainable_
      .edges[trainable_.offset[trainable_index] + positive_index(epoch, pass, trainable_index)];
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
  const std::int64_t* seeds = order->data() + begin;
  const std::int64_t b = end - begin;
  const std::int64_t fanout = options_.fanout;
  const std::int64_t* offset = trainable_.offset.data();
  const std::int64_t* trainable_edges = trainable_.edges.data();
  const std::int32_t* indices = shard_.csr.indices.data();
  const float* features = shard_.csr.features.data();

  // Seeds are random users, so each one's rows are cache misses; the loops below prefetch the
  // rows of the seeds a few places ahead, one level of indirection per stage. Prefetches never
  // change what is read, only when.
  constexpr std::int64_t kAhead = 8;

  // Pass 1: each seed's neighbour count, so the batch's arrays are sized once.
  batch.user_edge_count.resize(static_cast<std::size_t>(b));
  std::int64_t num_edges = 0;
  for (std::int64_t i = 0; i < b; ++i) {
    if (i + 2 * kAhead < b) __builtin_prefetch(offset + seeds[i + 2 * kAhead]);
    const std::int64_t t = seeds[i];
    const std::int64_t k = std::min(fanout, offset[t + 1] - offset[t] - 1);
    batch.user_edge_count[i] = k;
    num_edges += k;
  }

  // Block index of each local subreddit, -1 until the batch first uses it: a dense array costs
  // one pass over the shard's subreddits per batch, far less than hashing every sampled edge.
  std::vector<std::int32_t> block_index(static_cast<std::size_t>(shard_.num_subreddits()), -1);
  auto block_of = [&](std::int64_t local_subreddit) -> std::int64_t {
    std::int32_t& slot = block_index[static_cast<std::size_t>(local_subreddit)];
    if (slot < 0) {
      slot = static_cast<std::int32_t>(batch.block_local.size());
      batch.block_local.push_back(local_subreddit);
      batch.block_global.push_back(shard_.subreddit_ids[local_subreddit]);
    }
    return slot;
  };

  // Pass 2: positives and neighbours in one visit per seed. The positives' block indices are
  // assigned here in seed order; the neighbours' subreddits are kept as local ids and given
  // block indices after the loop, so every positive's subreddit precedes them in the block.
  batch.user_local.resize(static_cast<std::size_t>(b));
  batch.user_global.resize(static_cast<std::size_t>(b));
  batch.positive_edge.resize(static_cast<std::size_t>(b));
  batch.positive.resize(static_cast<std::size_t>(b));
  batch.alignment_row.resize(static_cast<std::size_t>(b));
  batch.has_alignment.resize(static_cast<std::size_t>(b));
  batch.edge_user.resize(static_cast<std::size_t>(num_edges));
  batch.edge_subreddit.resize(static_cast<std::size_t>(num_edges));
  batch.edge_features.resize(static_cast<std::size_t>(2 * num_edges));
  batch.edge_id.resize(static_cast<std::size_t>(num_edges));
  std::vector<std::uint64_t> taken;  // Floyd's bitmap, sized for the largest neighbourhood
  std::vector<std::int64_t> chosen;
  chosen.reserve(static_cast<std::size_t>(fanout));
  std::int64_t out = 0;
  for (std::int64_t i = 0; i < b; ++i) {
    if (i + 2 * kAhead < b) {
      const std::int64_t ahead = seeds[i + 2 * kAhead];
      __builtin_prefetch(trainable_edges + offset[ahead]);
      __builtin_prefetch(trainable_.users.data() + ahead);
      __builtin_prefetch(alignment_row_.data() + ahead);
    }
    if (i + kAhead < b) {
      const std::int64_t ahead = seeds[i + kAhead];
      const std::int64_t first_edge = trainable_edges[offset[ahead]];
      __builtin_prefetch(indices + first_edge);
      __builtin_prefetch(features + 2 * first_edge);
      __builtin_prefetch(shard_.user_ids.data() + trainable_.users[ahead]);
    }
    const std::int64_t t = seeds[i];
    const std::int64_t user = trainable_.users[t];
    const std::int64_t* edges = trainable_edges + offset[t];
    const std::int64_t skip = positive_index(epoch, pass, t);
    const std::int64_t positive = edges[skip];
    batch.user_local[i] = user;
    batch.user_global[i] = shard_.user_ids[user];
    batch.positive_edge[i] = positive;
    batch.positive[i] = block_of(indices[positive]);
    const std::int64_t row = alignment_row_[t];
    batch.alignment_row[i] = row;
    batch.has_alignment[i] = row >= 0 ? 1 : 0;

    const std::int64_t k = batch.user_edge_count[i];
    if (k == 0) continue;
    // Candidates are the trainable edges minus the positive: index c maps to edges[c] below
    // the positive's position and to edges[c + 1] from it on.
    const std::int64_t candidates = offset[t + 1] - offset[t] - 1;
    const std::int64_t* picks = nullptr;
    if (k < candidates) {
      core::Rng rng(
          options_.seed,
          {kNeighborStream, static_cast<std::uint64_t>(epoch), static_cast<std::uint64_t>(rank_),
           static_cast<std::uint64_t>(step), static_cast<std::uint64_t>(i)});
      const auto words = static_cast<std::size_t>((candidates + 63) >> 6);
      if (taken.size() < words) taken.resize(words, 0);
      chosen.clear();
      choose_distinct(rng, candidates, k, taken, chosen);
      picks = chosen.data();
    }
    // Otherwise every candidate, in order (Floyd's algorithm would draw nothing either).
    for (std::int64_t n = 0; n < k; ++n) {
      const std::int64_t c = picks != nullptr ? picks[n] : n;
      const std::int64_t e = edges[c < skip ? c : c + 1];
      batch.edge_user[out] = i;
      batch.edge_subreddit[out] = indices[e];
      batch.edge_features[2 * out] = features[2 * e];
      batch.edge_features[2 * out + 1] = features[2 * e + 1];
      batch.edge_id[out] = e;
      ++out;
    }
  }
  batch.num_positive_subreddits = batch.num_block_subreddits();
  for (std::int64_t& s : batch.edge_subreddit) s = block_of(s);
  return batch;
}

}  // namespace zipp::training
