// Builds the graph's CSR (by user, subreddits sorted, duplicates summed) and its CSC (by
// subreddit, pointing back into the CSR) from interaction counts in any order. Two stable
// counting sorts, O(E + U + S) time; memory is the records plus two permutations of them.
#pragma once

#include <cstdint>
#include <span>

#include "graph/bipartite_graph.h"

namespace zipp::graph {

// One (user, subreddit) count record; the same pair may appear many times (one per dump file,
// say) and is summed.
struct Interaction {
  std::int64_t user = 0;
  std::int64_t subreddit = 0;
  std::int32_t posts = 0;
  std::int32_t comments = 0;
};

// The CSR with edge features (graph/edge_features.h). InputError for ids outside
// [0, num_users) / [0, num_subreddits), negative counts, a pair whose summed counts are zero or
// overflow int32, or more than 2^31 - 1 users or subreddits.
Csr build_csr(std::span<const Interaction> interactions, std::int64_t num_users,
              std::int64_t num_subreddits);

// The CSC of a valid CSR: user ids increasing within each subreddit.
Csc build_csc(const Csr& csr, std::int64_t num_subreddits);

}  // namespace zipp::graph
