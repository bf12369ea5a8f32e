#include "partition/hash_partitioner.h"

#include "core/random/hash.h"

namespace zipp::partition {
namespace {

// Users and subreddits hash in separate streams so user 3 and subreddit 3 are independent.
std::vector<std::int32_t> hash_parts(std::int64_t count, std::uint64_t seed, std::uint64_t kind,
                                     std::int64_t parts) {
  std::vector<std::int32_t> part(count);
  const std::uint64_t stream = core::hash_keys({seed, kind});
  for (std::int64_t v = 0; v < count; ++v) {
    part[v] = static_cast<std::int32_t>(core::mix64(stream ^ core::mix64(v)) %
                                        static_cast<std::uint64_t>(parts));
  }
  return part;
}

}  // namespace

Partition partition_hash(std::int64_t num_users, std::int64_t num_subreddits,
                         const PartitionOptions& options) {
  Partition partition;
  partition.num_parts = options.parts;
  partition.method = Method::kHash;
  partition.seed = options.seed;
  partition.user_part = hash_parts(num_users, options.seed, 1, options.parts);
  partition.subreddit_part = hash_parts(num_subreddits, options.seed, 2, options.parts);
  return partition;
}

}  // namespace zipp::partition
