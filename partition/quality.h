// How good a partition is, measured in one streaming pass over graph.h5: edges cut (a user and
// one of its subreddits in different parts), users and edges per part against the mean, the halo
// (subreddits a part's users touch but another part owns) and the replication factor, and the
// feature traffic a training epoch would cause. The same pass yields each part's halo list,
// which the shard writer needs. Definitions: docs/partitioning.md "Quality".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph_reader.h"
#include "partition/partition.h"

namespace zipp::partition {

struct PartQuality {
  std::int64_t users = 0;
  std::int64_t edges = 0;      // edges of its users
  std::int64_t cut_edges = 0;  // of those, to subreddits owned elsewhere
  std::int64_t owned_subreddits = 0;
  std::int64_t halo_subreddits = 0;
};

struct PartitionQuality {
  Method method = Method::kMetis;
  std::int64_t num_parts = 0;
  std::int64_t num_users = 0;
  std::int64_t num_subreddits = 0;
  std::int64_t num_edges = 0;
  std::int64_t feature_dim = 0;
  std::vector<PartQuality> parts;

  std::int64_t cut_edges() const;
  double edge_cut() const;  // share of edges cut, in [0, 1]
  // max / mean - 1 over parts.
  double user_imbalance() const;
  double edge_imbalance() const;
  std::int64_t halo_total() const;
  // Copies of subreddits over subreddits: (S + sum of halos) / S; users are never copied.
  double replication_factor() const;
  // Bytes of subreddit features (float32 [D]) moved per epoch when every user's whole
  // neighbourhood is gathered once: with a per-epoch cache each halo row crosses once; without
  // one, every cut edge fetches its row.
  std::int64_t traffic_cached_bytes() const;
  std::int64_t traffic_uncached_bytes() const;
};

struct MeasuredPartition {
  PartitionQuality quality;
  std::vector<std::vector<std::int32_t>> halo;  // per part, subreddit ids, increasing
};

MeasuredPartition measure_partition(const graph::GraphReader& reader, const Partition& partition,
                                    std::int64_t chunk_users);

// One line per imbalance beyond the tolerance ("edges per part: max/mean - 1 = 0.08 exceeds
// tolerance 0.05"); empty when balanced.
std::vector<std::string> balance_problems(const PartitionQuality& quality, double tolerance);

}  // namespace zipp::partition
