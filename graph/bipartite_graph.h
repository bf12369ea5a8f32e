// The users × subreddits interaction graph in memory, laid out as graph.h5 stores it
// (docs/formats.md "Bipartite graph"): CSR by user with the per-edge counts and features, and a
// CSC by subreddit that points back into the CSR so edge data is held once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace zipp::graph {

inline constexpr std::int64_t kGraphFormatVersion = 1;
inline constexpr std::int64_t kEdgeFeatureDim = 2;  // e1, e2

// Edges grouped by user: user u's edges are [indptr[u], indptr[u+1]).
struct Csr {
  std::vector<std::int64_t> indptr;    // [U+1]
  std::vector<std::int32_t> indices;   // [E] subreddit ids, strictly increasing per user
  std::vector<std::int32_t> posts;     // [E]
  std::vector<std::int32_t> comments;  // [E]
  std::vector<float> features;         // [E * 2], row-major (e1, e2)
};

// Edges grouped by subreddit; edge_ids index the CSR arrays.
struct Csc {
  std::vector<std::int64_t> indptr;    // [S+1]
  std::vector<std::int32_t> indices;   // [E] user ids, strictly increasing per subreddit
  std::vector<std::int64_t> edge_ids;  // [E]
};

// The users that have a visual-behaviour vector v_u.
struct Alignment {
  std::vector<std::int64_t> user_ids;  // [M], strictly increasing
  at::Tensor vectors;                  // float32 [M, Da]
};

struct HeldOutSplit {
  std::vector<std::uint8_t> heldout;  // [E], 1 = held-out edge
  std::int64_t seed = 0;
};

struct BipartiteGraph {
  std::int64_t num_users = 0;
  std::int64_t num_subreddits = 0;
  std::string source;
  std::vector<std::string> user_names;              // [U]
  std::vector<std::string> subreddit_names;         // [S]
  std::vector<std::string> subreddit_descriptions;  // [S]
  at::Tensor subreddit_features;                    // float32 [S, D]
  Csr csr;
  Csc csc;
  std::optional<Alignment> alignment;
  std::optional<HeldOutSplit> split;

  std::int64_t num_edges() const { return static_cast<std::int64_t>(csr.indices.size()); }
};

}  // namespace zipp::graph
