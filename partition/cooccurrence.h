// The subreddit co-occurrence graph: subreddits a and b are linked with weight "how many sampled
// users have both among their k strongest subreddits". Users are sampled by a seeded hash so the
// pairs stay within a fixed budget whatever the graph's size, and each subreddit keeps only its
// strongest neighbours, so the graph is small (at most S x neighbours edges) and METIS partitions
// it in seconds. The first step of the streaming partitioner (partition/stream_partitioner.h).
#pragma once

#include <cstdint>
#include <vector>

#include "graph/graph_reader.h"
#include "partition/partition_options.h"

namespace zipp::partition {

// Symmetric CSR over subreddits: every kept edge appears in both rows, no self-loops.
struct CooccurrenceGraph {
  std::vector<std::int64_t> indptr;     // [S+1]
  std::vector<std::int32_t> neighbors;  // [indptr[S]]
  std::vector<std::int32_t> weights;    // [indptr[S]], >= 1
  std::int64_t sampled_users = 0;
  std::int64_t sampled_pairs = 0;   // pair occurrences counted
  std::int64_t distinct_pairs = 0;  // before keeping the strongest neighbours

  std::int64_t num_edges() const { return static_cast<std::int64_t>(neighbors.size()) / 2; }
};

CooccurrenceGraph build_cooccurrence(const graph::GraphReader& reader, const StreamOptions& options,
                                     std::uint64_t seed, std::int64_t chunk_users);

}  // namespace zipp::partition
