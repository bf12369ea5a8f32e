// METIS k-way on the whole bipartite graph, symmetrised: users and subreddits are both vertices
// (users first, subreddits after them), each edge stored in both directions. Two balance
// constraints: users per part (users weigh 1, subreddits 0) and edges per part (a user weighs its
// degree, as its part stores its edges). Memory is METIS's: about 1.5 KB per user at 10
// edges per user, so the 23M-user graph does not fit a 24 GB machine (docs/partitioning.md).
#pragma once

#include "graph/graph_reader.h"
#include "partition/partition.h"

namespace zipp::partition {

// options.parts >= 2. ConfigError when the graph exceeds the 32-bit METIS index limit
// (partition/metis_limits.h), MetisError / InputError when METIS fails.
Partition partition_metis(const graph::GraphReader& reader, const PartitionOptions& options);

}  // namespace zipp::partition
