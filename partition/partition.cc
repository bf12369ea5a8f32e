#include "partition/partition.h"

#include "core/check.h"

namespace zipp::partition {
namespace {

void check_ids(const std::vector<std::int32_t>& part_of, std::int64_t expected_size,
               std::int64_t num_parts, const char* what) {
  ZIPP_ASSERT(static_cast<std::int64_t>(part_of.size()) == expected_size, "partition of ", what,
              " has ", part_of.size(), " entries for ", expected_size, " vertices");
  for (std::size_t v = 0; v < part_of.size(); ++v) {
    ZIPP_ASSERT(part_of[v] >= 0 && part_of[v] < num_parts, what, " ", v, " is assigned to part ",
                part_of[v], ", outside [0, ", num_parts, ")");
  }
}

}  // namespace

void check_partition(const Partition& partition, std::int64_t num_users,
                     std::int64_t num_subreddits) {
  ZIPP_ASSERT(partition.num_parts >= 1, "a partition needs at least one part");
  check_ids(partition.user_part, num_users, partition.num_parts, "user");
  check_ids(partition.subreddit_part, num_subreddits, partition.num_parts, "subreddit");
}

std::vector<std::int64_t> local_ids(const std::vector<std::int32_t>& part_of,
                                    std::int64_t num_parts) {
  std::vector<std::int64_t> next(num_parts, 0);
  std::vector<std::int64_t> local(part_of.size());
  for (std::size_t v = 0; v < part_of.size(); ++v) local[v] = next[part_of[v]]++;
  return local;
}

std::vector<std::int64_t> part_sizes(const std::vector<std::int32_t>& part_of,
                                     std::int64_t num_parts) {
  std::vector<std::int64_t> sizes(num_parts, 0);
  for (const std::int32_t p : part_of) ++sizes[p];
  return sizes;
}

}  // namespace zipp::partition
