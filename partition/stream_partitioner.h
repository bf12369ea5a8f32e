// The bounded-memory partitioner for graphs too large for METIS on the whole bipartite graph
// (docs/partitioning.md):
//   1. METIS k-way on the subreddit co-occurrence graph (partition/cooccurrence.h), subreddits
//      weighted by their edge counts, so each part starts with an equal share of edge mass;
//   2. one streaming pass over the users (LDG / Fennel style): each user goes to the part
//      holding most of its edges, penalised when that part runs ahead of an even fill, and never
//      past the capacity (1 + tolerance) x mean in users or in edges;
//   3. each subreddit moves to the part holding most of its edges; further passes move users
//      (within capacity) and subreddits again, keeping the best cut seen.
// Memory: the user -> part array (4 bytes a user), one block of the CSR, P x S counters and the
// co-occurrence pairs (stream.pair_budget x 8 bytes); time O(passes x (E + U x P)).
#pragma once

#include "graph/graph_reader.h"
#include "partition/partition.h"

namespace zipp::partition {

// options.parts >= 2.
Partition partition_stream(const graph::GraphReader& reader, const PartitionOptions& options);

}  // namespace zipp::partition
