// Runs the configured partitioner on graph.h5 (docs/partitioning.md): checks the request against
// the graph first, handles one part without any partitioner, and times the run.
#pragma once

#include <cstdint>

#include "graph/graph_reader.h"
#include "partition/partition.h"

namespace zipp::partition {

// ConfigError when parts < 1 or parts exceeds the graph's users (each part must own at least
// one user: a rank without users has nothing to train on).
void check_parts(const graph::GraphReader& reader, std::int64_t parts);

// parts = 1 gives every vertex to part 0 whatever the method (one shard holds the whole graph).
Partition run_partitioner(const graph::GraphReader& reader, const PartitionOptions& options);

}  // namespace zipp::partition
