// The subreddit feature rows a rank's blocks need (docs/training.md "Feature store"). A shard
// holds the rows of the subreddits its part owns; a block also touches halo subreddits owned by
// other parts. kReplicate copies the whole table to every rank once; kFetch keeps the owned rows,
// a static cache of the most referenced halo rows, and fetches the rest from their owners at each
// step with two alltoallv exchanges (ids out, rows back).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/comm/collectives.h"
#include "partition/shard.h"

namespace zipp::training {

enum class FeatureMode { kReplicate, kFetch };

std::string_view feature_mode_name(FeatureMode mode);
// "replicate" or "fetch"; a ConfigError lists both otherwise.
FeatureMode parse_feature_mode(std::string_view name);

struct FeatureStoreOptions {
  FeatureMode mode = FeatureMode::kReplicate;
  std::int64_t cache_rows = 4096;  // kFetch: halo rows kept resident; >= 0
};

struct FeatureStoreStats {
  std::int64_t rows_owned = 0;     // rows this rank's part owns
  std::int64_t rows_cached = 0;    // resident rows owned elsewhere (kReplicate: all of them)
  std::int64_t rows_fetched = 0;   // rows received by gather() so far (each distinct id once)
  std::int64_t bytes_fetched = 0;  // their bytes
  std::int64_t gathers = 0;        // gather() calls so far
};

class FeatureStore {
 public:
  // Collective over `collectives`. `shard` must outlive the store. kReplicate: every rank ends
  // with the whole table. kFetch: owned rows stay local; the cache_rows halo subreddits that this
  // shard's trainable edges reference most (ties by global id) are fetched once here and kept.
  // ConfigError for cache_rows < 0.
  FeatureStore(const partition::Shard& shard, core::comm::Collectives& collectives,
               FeatureStoreOptions options);

  // Rows [n, D] float32 (CPU, contiguous) of the shard-local subreddit ids `block_local`, in
  // that order, repeats included. kReplicate: local, no communication. kFetch: collective, every
  // rank calls it once per step in the same order, even with n = 0; rows neither owned nor
  // cached are requested from their owners (each distinct id once). An id outside
  // [0, num_subreddits) is an InputError on its rank; in kFetch the other ranks learn of it in
  // the same exchange and throw a CollectiveError, so no rank is left waiting.
  at::Tensor gather(std::span<const std::int64_t> block_local);

  std::int64_t feature_dim() const { return dim_; }
  FeatureMode mode() const { return options_.mode; }
  const FeatureStoreStats& stats() const { return stats_; }

 private:
  // Rows of distinct halo ids, grouped by owner: rows[row_of[i]] is ids[i]'s. Collective; a rank
  // with `problem` set sends no request and every rank throws (see gather).
  struct Fetched {
    at::Tensor rows;
    std::vector<std::int64_t> row_of;
  };
  Fetched fetch(std::span<const std::int64_t> halo_ids, const std::string& problem);
  void build_cache();
  std::string check_ids(std::span<const std::int64_t> block_local) const;

  const partition::Shard& shard_;
  core::comm::Collectives& collectives_;
  FeatureStoreOptions options_;
  std::int64_t dim_ = 0;
  FeatureStoreStats stats_;

  at::Tensor owned_;  // kFetch: the shard's rows [So, D]; kReplicate: the whole table [G, D]
  at::Tensor cache_;  // kFetch: cached halo rows
  // kFetch, per local id: row in owned_ (< So), So + row in cache_, or -1 (fetched per step).
  std::vector<std::int64_t> resident_;
  std::vector<std::int64_t> request_slot_;  // gather()'s scratch: -1 outside a call
};

// Collective: the whole table [shard.global_subreddits, D] on every rank, row = global subreddit
// id (evaluation and `zipp embed` score against all subreddits). The partitioner gives every
// subreddit a part, edgeless ones included, so the shards together own each row exactly once; a
// row owned by no rank or by two is an InternalError naming the subreddit.
at::Tensor gather_full_feature_table(const partition::Shard& shard,
                                     core::comm::Collectives& collectives);

}  // namespace zipp::training
