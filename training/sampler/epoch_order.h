// Which seed users a rank's step trains on, and with which positive edge (docs/training.md
// "Sampler"): the trainable users (those with at least one edge that is not held out) in a
// permutation drawn from (seed, epoch, rank); step s takes the s-th batch_size slice. A rank
// that runs out of users before steps_per_epoch starts a further pass with a fresh permutation
// (keyed by the pass number too), so every rank runs the same number of steps.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "partition/shard.h"

namespace zipp::training {

// Edges a user may train on: positions in the shard's CSR arrays of its edges that are not held
// out, grouped by trainable user in increasing local user id.
struct TrainableEdges {
  std::vector<std::int64_t> users;   // [T] local ids of users with at least one trainable edge
  std::vector<std::int64_t> offset;  // [T+1] into edges
  std::vector<std::int64_t> edges;   // CSR positions, increasing per user

  static TrainableEdges of(const partition::Shard& shard);
  // of(shard).num_users() without building the edge lists.
  static std::int64_t count_users(const partition::Shard& shard);
  std::int64_t num_users() const { return static_cast<std::int64_t>(users.size()); }
  std::span<const std::int64_t> of_user(std::int64_t trainable_index) const {
    return std::span<const std::int64_t>(edges).subspan(
        offset[trainable_index], offset[trainable_index + 1] - offset[trainable_index]);
  }
};

// The user order of one pass of one epoch: a permutation of the trainable-user indices.
// Cached for the most recent passes since every step of the epoch reads it; the cache never
// changes what order() returns, so callers stay pure functions of their arguments.
class EpochOrder {
 public:
  EpochOrder(std::uint64_t seed, std::int64_t rank, std::int64_t num_trainable);

  std::shared_ptr<const std::vector<std::int64_t>> order(std::int64_t epoch,
                                                         std::int64_t pass) const;

 private:
  struct Entry {
    std::int64_t epoch;
    std::int64_t pass;
    std::shared_ptr<const std::vector<std::int64_t>> order;
  };
  static constexpr std::size_t kCached = 4;

  std::uint64_t seed_;
  std::int64_t rank_;
  std::int64_t num_trainable_;
  mutable std::mutex mutex_;
  mutable std::vector<Entry> cache_;  // most recent last
};

}  // namespace zipp::training
