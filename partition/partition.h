// A partition of the bipartite graph: the part that owns every user and every subreddit. A
// user's part owns its edges (a shard holds whole CSR rows); a subreddit's part owns its feature
// row. Every vertex is owned exactly once by construction; check_partition verifies the ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "partition/partition_options.h"

namespace zipp::partition {

struct Partition {
  std::int64_t num_parts = 0;
  Method method = Method::kMetis;
  std::uint64_t seed = 0;
  std::vector<std::int32_t> user_part;       // [U], in [0, num_parts)
  std::vector<std::int32_t> subreddit_part;  // [S], in [0, num_parts)
};

// InternalError (a partitioner bug) unless the sizes match the graph and every part id is in
// [0, num_parts).
void check_partition(const Partition& partition, std::int64_t num_users,
                     std::int64_t num_subreddits);

// Local ids: a vertex's position among the vertices its part owns, in increasing global id
// order (docs/formats.md "Partition book"). One pass, O(vertices + parts).
std::vector<std::int64_t> local_ids(const std::vector<std::int32_t>& part_of,
                                    std::int64_t num_parts);

// How many vertices each part owns.
std::vector<std::int64_t> part_sizes(const std::vector<std::int32_t>& part_of,
                                     std::int64_t num_parts);

}  // namespace zipp::partition
