#include "partition/partitioner.h"

#include "core/check.h"
#include "core/log.h"
#include "partition/hash_partitioner.h"
#include "partition/metis_partitioner.h"
#include "partition/stream_partitioner.h"

namespace zipp::partition {

void check_parts(const graph::GraphReader& reader, std::int64_t parts) {
  const std::int64_t users = reader.meta().num_users;
  ZIPP_CHECK_T(core::ConfigError, parts >= 1, "partition.parts = ", parts,
               ": expected at least 1 part");
  ZIPP_CHECK_T(core::ConfigError, parts <= users, "partition.parts = ", parts, " exceeds the ",
               users, " users of ", reader.file().file_name(),
               ": every part must own at least one user (a rank without users has nothing to "
               "train on); use at most ",
               users, " parts");
}

Partition run_partitioner(const graph::GraphReader& reader, const PartitionOptions& options) {
  check_parts(reader, options.parts);
  const auto& meta = reader.meta();
  Partition partition;
  if (options.parts == 1) {
    partition.num_parts = 1;
    partition.method = options.method;
    partition.seed = options.seed;
    partition.user_part.assign(meta.num_users, 0);
    partition.subreddit_part.assign(meta.num_subreddits, 0);
  } else {
    switch (options.method) {
      case Method::kMetis:
        partition = partition_metis(reader, options);
        break;
      case Method::kHash:
        partition = partition_hash(meta.num_users, meta.num_subreddits, options);
        break;
      case Method::kStream:
        partition = partition_stream(reader, options);
        break;
    }
  }
  check_partition(partition, meta.num_users, meta.num_subreddits);
  return partition;
}

}  // namespace zipp::partition
