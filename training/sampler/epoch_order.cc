#include "training/sampler/epoch_order.h"

#include <algorithm>
#include <numeric>

#include "core/random/rng.h"
#include "training/sampler/sampler_streams.h"

namespace zipp::training {

TrainableEdges TrainableEdges::of(const partition::Shard& shard) {
  TrainableEdges t;
  const std::uint8_t* heldout = shard.split ? shard.split->heldout.data() : nullptr;
  t.offset.push_back(0);
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    const std::int64_t before = static_cast<std::int64_t>(t.edges.size());
    for (std::int64_t e = shard.csr.indptr[u]; e < shard.csr.indptr[u + 1]; ++e) {
      if (heldout == nullptr || heldout[e] == 0) t.edges.push_back(e);
    }
    if (static_cast<std::int64_t>(t.edges.size()) > before) {
      t.users.push_back(u);
      t.offset.push_back(static_cast<std::int64_t>(t.edges.size()));
    }
  }
  return t;
}

std::int64_t TrainableEdges::count_users(const partition::Shard& shard) {
  const std::uint8_t* heldout = shard.split ? shard.split->heldout.data() : nullptr;
  std::int64_t users = 0;
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    for (std::int64_t e = shard.csr.indptr[u]; e < shard.csr.indptr[u + 1]; ++e) {
      if (heldout == nullptr || heldout[e] == 0) {
        ++users;
        break;
      }
    }
  }
  return users;
}

EpochOrder::EpochOrder(std::uint64_t seed, std::int64_t rank, std::int64_t num_trainable)
    : seed_(seed), rank_(rank), num_trainable_(num_trainable) {}

std::shared_ptr<const std::vector<std::int64_t>> EpochOrder::order(std::int64_t epoch,
                                                                   std::int64_t pass) const {
  {
    std::lock_guard lock(mutex_);
    for (const Entry& e : cache_) {
      if (e.epoch == epoch && e.pass == pass) return e.order;
    }
  }
  // Built outside the lock: two threads may both build the same order, which is harmless.
  auto order = std::make_shared<std::vector<std::int64_t>>(num_trainable_);
  std::iota(order->begin(), order->end(), 0);
  core::Rng rng(seed_, {kOrderStream, static_cast<std::uint64_t>(epoch),
                        static_cast<std::uint64_t>(rank_), static_cast<std::uint64_t>(pass)});
  for (std::int64_t i = num_trainable_ - 1; i > 0; --i) {
    const auto j = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(i + 1)));
    std::swap((*order)[i], (*order)[j]);
  }
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kCached) cache_.erase(cache_.begin());
  cache_.push_back({epoch, pass, order});
  return order;
}

}  // namespace zipp::training
