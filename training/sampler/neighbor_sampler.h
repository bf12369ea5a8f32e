// The neighbour sampler of docs method §2 over one rank's shard (docs/training.md "Sampler"):
// each epoch takes one positive edge per trainable user, and each step's seed users get up to
// `fanout` of their other trainable edges as neighbours, sampled without replacement. The
// positive edge is never among its user's neighbours (the fix of the reference's leak) and
// held-out edges are never used at all. sample() is a pure function of the shard, the options,
// the rank and (epoch, step), and is safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <vector>

#include "partition/shard.h"
#include "training/sampler/epoch_order.h"
#include "training/sampler/mini_batch.h"

namespace zipp::training {

struct SamplerOptions {
  std::int64_t batch_size = 10000;  // seed users (positive edges) per step
  std::int64_t fanout = 100;        // most neighbours sampled per seed user
  std::uint64_t seed = 0;
};

class NeighborSampler {
 public:
  // `shard` must outlive the sampler. `rank` keys the random streams (the shard's part when
  // one rank reads one part). `steps_per_epoch` must be the same on every rank: see
  // local_steps_per_epoch. ConfigError for batch_size < 1, fanout < 0 or steps_per_epoch < 1.
  NeighborSampler(const partition::Shard& shard, SamplerOptions options, std::int64_t rank,
                  std::int64_t steps_per_epoch);

  // Steps this rank needs to use each trainable user once: ceil(trainable users / batch_size).
  // The trainer agrees on the maximum over ranks and passes it to every rank's sampler.
  static std::int64_t local_steps_per_epoch(const partition::Shard& shard, std::int64_t batch_size);

  // The batch of `step` (in [0, steps_per_epoch)) of `epoch` (>= 0); InputError otherwise.
  // A rank with no trainable user returns an empty batch.
  MiniBatch sample(std::int64_t epoch, std::int64_t step) const;

  // The positive edge (CSR position) of trainable user `trainable_index` in pass `pass` of
  // `epoch`: uniform over its trainable edges.
  std::int64_t positive_edge(std::int64_t epoch, std::int64_t pass,
                             std::int64_t trainable_index) const;

  const SamplerOptions& options() const { return options_; }
  std::int64_t rank() const { return rank_; }
  std::int64_t steps_per_epoch() const { return steps_per_epoch_; }
  std::int64_t num_trainable_users() const { return trainable_.num_users(); }
  const TrainableEdges& trainable() const { return trainable_; }

 private:
  // positive_edge as an index into the user's trainable edges.
  std::int64_t positive_index(std::int64_t epoch, std::int64_t pass,
                              std::int64_t trainable_index) const;

  const partition::Shard& shard_;
  SamplerOptions options_;
  std::int64_t rank_;
  std::int64_t steps_per_epoch_;
  std::int64_t steps_per_pass_;  // ceil(trainable users / batch_size)
  TrainableEdges trainable_;
  EpochOrder order_;
  std::vector<std::int64_t> alignment_row_;  // [T] each trainable user's alignment row, or -1
};

}  // namespace zipp::training
