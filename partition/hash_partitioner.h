// The baseline: every user and every subreddit goes to a part by a stable hash of its id and the
// seed, as random partitioners do (DGL's "random"). Balanced only in expectation, and blind to
// the graph's structure: about (P-1)/P of the edges are cut.
#pragma once

#include <cstdint>

#include "partition/partition.h"

namespace zipp::partition {

Partition partition_hash(std::int64_t num_users, std::int64_t num_subreddits,
                         const PartitionOptions& options);

}  // namespace zipp::partition
