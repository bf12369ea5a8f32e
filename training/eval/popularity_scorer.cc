#include "training/eval/popularity_scorer.h"

#include <cstdint>
#include <vector>

#include <ATen/ops/empty.h>

#include "core/comm/control.h"

namespace zipp::training {

std::vector<std::int64_t> local_trainable_counts(const partition::Shard& shard) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(shard.global_subreddits), 0);
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    for (const std::int64_t e : trainable_edges(shard, u)) {
      ++counts[static_cast<std::size_t>(shard.subreddit_ids[shard.csr.indices[e]])];
    }
  }
  return counts;
}

PopularityScorer::PopularityScorer(const partition::Shard& shard,
                                   const core::comm::Communicator& comm) {
  const std::vector<std::int64_t> counts =
      core::comm::allreduce_sum_ints(comm, local_trainable_counts(shard));
  counts_ = at::empty({static_cast<std::int64_t>(counts.size())}, at::kFloat);
  float* out = counts_.data_ptr<float>();
  for (std::size_t s = 0; s < counts.size(); ++s) out[s] = static_cast<float>(counts[s]);
}

at::Tensor PopularityScorer::score(std::span<const std::int64_t> local_users) {
  return counts_.unsqueeze(0).expand({static_cast<std::int64_t>(local_users.size()), -1});
}

}  // namespace zipp::training
