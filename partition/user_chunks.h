// Streams graph.h5's CSR in blocks of users, reading only the datasets a pass needs, so memory
// stays at one block however large the graph (a 23M-user graph on a 24 GB machine). Every
// partitioner pass, the quality report and the shard writer are loops over these blocks.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include <ATen/core/Tensor.h>

#include "graph/graph_reader.h"

namespace zipp::partition {

enum class ChunkData {
  kIndices,    // indptr and subreddit ids
  kCounts,     // + posts and comments
  kEverything  // + edge features and, when the graph has them, held-out flags
};

// Users [begin, end). indptr holds end - begin + 1 absolute offsets into the file's edge arrays;
// the edge spans hold edges [indptr.front(), indptr.back()) (empty when not requested).
struct UserChunk {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::span<const std::int64_t> indptr;
  std::span<const std::int32_t> indices;
  std::span<const std::int32_t> posts;
  std::span<const std::int32_t> comments;
  std::span<const float> features;        // [edges * 2]
  std::span<const std::uint8_t> heldout;  // empty without /split/heldout

  std::int64_t edge_begin() const { return indptr.front(); }
  std::int64_t num_edges() const { return indptr.back() - indptr.front(); }
  // User u's subreddits (u global, in [begin, end)).
  std::span<const std::int32_t> row(std::int64_t u) const {
    return indices.subspan(indptr[u - begin] - edge_begin(),
                           indptr[u - begin + 1] - indptr[u - begin]);
  }
};

// Calls `visit` for every block of at most chunk_users users, in order.
void for_each_user_chunk(const graph::GraphReader& reader, std::int64_t chunk_users, ChunkData data,
                         const std::function<void(const UserChunk&)>& visit);

// /csc/indptr differences: the number of edges of every subreddit.
std::vector<std::int64_t> subreddit_degrees(const graph::GraphReader& reader);

}  // namespace zipp::partition
