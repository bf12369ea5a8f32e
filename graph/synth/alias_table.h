// Walker's alias method (Vose's construction): draws an index with probability proportional to
// its weight in O(1) — two random numbers per draw — after O(n) set-up. The synthetic world
// draws every edge's subreddit through one, by popularity within an archetype or among hubs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/random/rng.h"

namespace zipp::graph::synth {

class AliasTable {
 public:
  AliasTable() = default;
  // Weights must be finite and non-negative with a positive sum (InputError otherwise).
  explicit AliasTable(std::span<const double> weights);

  std::int64_t size() const { return static_cast<std::int64_t>(prob_.size()); }
  bool empty() const { return prob_.empty(); }

  std::int64_t sample(core::Rng& rng) const {
    const auto i = static_cast<std::size_t>(rng.below(prob_.size()));
    return rng.uniform() < prob_[i] ? static_cast<std::int64_t>(i) : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<std::int64_t> alias_;
};

}  // namespace zipp::graph::synth
