// The encoder block of a list of users with their own edges (no sampling): what evaluation,
// `zipp embed` and the model scorer feed the encoder. Held-out edges are left out for
// evaluation (EdgeSelection::kTrainable) and kept for final embeddings (kAll). Features come
// from the whole subreddit table (feature_store.h gather_full_feature_table), rows by global id.
// A block can also be built from graph.h5 rows (graph::UserRows: global ids, every edge), as
// `zipp embed` reads them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <ATen/core/Tensor.h>

#include "graph/graph_reader.h"
#include "partition/shard.h"
#include "training/model/encoder.h"

namespace zipp::training {

enum class EdgeSelection { kTrainable, kAll };

struct UserBlock {
  EncoderInput input;                      // users 0..n-1 in the order given
  std::vector<std::int64_t> block_global;  // global subreddit id of each block row
  std::vector<std::int64_t> edge_user;     // per edge: index into the given users
  std::vector<std::int64_t> edge_global;   // per edge: global subreddit id
};

// `max_edges_per_user` > 0 keeps each user's first that many selected edges in CSR order
// (callers that need a bound on block size); 0 keeps all.
UserBlock user_block(const partition::Shard& shard, std::span<const std::int64_t> local_users,
                     EdgeSelection selection, const at::Tensor& full_table,
                     std::int64_t max_edges_per_user = 0);

// Users rows.begin..rows.end-1 as block users 0..n-1, with every edge of each (subreddit ids
// and e1, e2 as stored in `rows`).
UserBlock user_block(const graph::UserRows& rows, const at::Tensor& full_table);

}  // namespace zipp::training
