// One rank's part of the graph (parts/part-NNNNN.h5, docs/formats.md "Partition shard"): the
// users this part owns with their CSR rows, edge counts, edge features and held-out flags, the
// subreddits it owns with their features, and the halo subreddits its users touch with the part
// that owns each. A rank opens only its own shard.
//
// Ids: users and subreddits have local ids inside the shard. Users are owned users in increasing
// global id. Subreddits are the owned ones first (increasing global id), then the halo
// (increasing global id), so a local subreddit id below num_owned_subreddits() has its feature
// row here and one above is fetched from subreddit_owner[id] at row subreddit_owner_local[id].
// CSR indices are local subreddit ids.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "graph/bipartite_graph.h"

namespace zipp::partition {

inline constexpr std::int64_t kShardFormatVersion = 1;

struct Shard {
  std::int64_t part = 0;
  std::int64_t num_parts = 0;
  std::int64_t token = 0;  // the partition book's token
  std::int64_t global_users = 0;
  std::int64_t global_subreddits = 0;
  std::int64_t global_edges = 0;

  std::vector<std::int64_t> user_ids;  // local user -> global user, increasing
  std::vector<std::string> user_names;
  graph::Csr csr;                             // rows: local users; indices: local subreddit ids
  std::optional<graph::HeldOutSplit> split;   // heldout per shard edge
  std::optional<graph::Alignment> alignment;  // user_ids here are LOCAL user ids

  std::vector<std::int64_t> subreddit_ids;          // local subreddit -> global subreddit
  std::vector<std::int32_t> subreddit_owner;        // owning part of each local subreddit
  std::vector<std::int64_t> subreddit_owner_local;  // its local id in the owner's shard
  std::int64_t owned_subreddits = 0;
  at::Tensor features;  // float32 [owned_subreddits, D]

  std::int64_t num_users() const { return static_cast<std::int64_t>(user_ids.size()); }
  std::int64_t num_edges() const { return static_cast<std::int64_t>(csr.indices.size()); }
  std::int64_t num_subreddits() const { return static_cast<std::int64_t>(subreddit_ids.size()); }
  std::int64_t num_owned_subreddits() const { return owned_subreddits; }
  std::int64_t num_halo_subreddits() const { return num_subreddits() - owned_subreddits; }
  bool is_halo(std::int64_t local_subreddit) const { return local_subreddit >= owned_subreddits; }
  // Local user i's subreddits (local ids) and the positions of its edges in the csr arrays.
  std::span<const std::int32_t> neighbors(std::int64_t local_user) const {
    return std::span<const std::int32_t>(csr.indices)
        .subspan(csr.indptr[local_user], csr.indptr[local_user + 1] - csr.indptr[local_user]);
  }
  std::int64_t first_edge(std::int64_t local_user) const { return csr.indptr[local_user]; }

  // Global -> local; nullopt when this shard does not own the user / hold the subreddit.
  std::optional<std::int64_t> local_user(std::int64_t global_user) const;
  std::optional<std::int64_t> local_subreddit(std::int64_t global_subreddit) const;
};

std::filesystem::path shard_path(const std::filesystem::path& dir, std::int64_t part);

// Reads a whole shard, checking its format version and every dataset's shape.
Shard read_shard(const std::filesystem::path& path);

// What a training rank calls: the book's header and shard `part` of the partition in `dir`,
// checked to belong together (same token and part count). InputError otherwise, naming both.
Shard open_rank_shard(const std::filesystem::path& dir, std::int64_t part);

}  // namespace zipp::partition
