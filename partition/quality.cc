#include "partition/quality.h"

#include <algorithm>

#include "core/progress.h"
#include "core/str.h"
#include "partition/user_chunks.h"

namespace zipp::partition {
namespace {

template <typename Field>
double imbalance(const std::vector<PartQuality>& parts, Field field) {
  if (parts.empty()) return 0;
  std::int64_t total = 0;
  std::int64_t largest = 0;
  for (const auto& part : parts) {
    total += field(part);
    largest = std::max(largest, field(part));
  }
  if (total == 0) return 0;
  return static_cast<double>(largest) * static_cast<double>(parts.size()) / total - 1.0;
}

}  // namespace

std::int64_t PartitionQuality::cut_edges() const {
  std::int64_t cut = 0;
  for (const auto& part : parts) cut += part.cut_edges;
  return cut;
}

double PartitionQuality::edge_cut() const {
  return num_edges == 0 ? 0.0 : static_cast<double>(cut_edges()) / num_edges;
}

double PartitionQuality::user_imbalance() const {
  return imbalance(parts, [](const PartQuality& p) { return p.users; });
}

double PartitionQuality::edge_imbalance() const {
  return imbalance(parts, [](const PartQuality& p) { return p.edges; });
}

std::int64_t PartitionQuality::halo_total() const {
  std::int64_t total = 0;
  for (const auto& part : parts) total += part.halo_subreddits;
  return total;
}

double PartitionQuality::replication_factor() const {
  return num_subreddits == 0 ? 1.0
                             : static_cast<double>(num_subreddits + halo_total()) / num_subreddits;
}

std::int64_t PartitionQuality::traffic_cached_bytes() const {
  return halo_total() * feature_dim * static_cast<std::int64_t>(sizeof(float));
}

std::int64_t PartitionQuality::traffic_uncached_bytes() const {
  return cut_edges() * feature_dim * static_cast<std::int64_t>(sizeof(float));
}

MeasuredPartition measure_partition(const graph::GraphReader& reader, const Partition& partition,
                                    std::int64_t chunk_users) {
  const auto& meta = reader.meta();
  const std::int64_t parts = partition.num_parts;
  const std::int64_t num_subreddits = meta.num_subreddits;
  MeasuredPartition result;
  PartitionQuality& q = result.quality;
  q.method = partition.method;
  q.num_parts = parts;
  q.num_users = meta.num_users;
  q.num_subreddits = num_subreddits;
  q.num_edges = meta.num_edges;
  q.feature_dim = meta.feature_dim;
  q.parts.resize(parts);
  for (const std::int32_t p : partition.subreddit_part) ++q.parts[p].owned_subreddits;

  std::vector<bool> touched(static_cast<std::size_t>(parts) * num_subreddits, false);
  core::Progress progress("partition: quality", meta.num_edges, {.unit = "edges"});
  for_each_user_chunk(reader, chunk_users, ChunkData::kIndices, [&](const UserChunk& chunk) {
    for (std::int64_t u = chunk.begin; u < chunk.end; ++u) {
      const std::int32_t p = partition.user_part[u];
      PartQuality& part = q.parts[p];
      const auto row = chunk.row(u);
      ++part.users;
      part.edges += static_cast<std::int64_t>(row.size());
      for (const std::int32_t s : row) {
        if (partition.subreddit_part[s] != p) {
          ++part.cut_edges;
          touched[static_cast<std::size_t>(p) * num_subreddits + s] = true;
        }
      }
    }
    progress.advance(chunk.num_edges());
  });
  progress.finish();
  result.halo.resize(parts);
  for (std::int64_t p = 0; p < parts; ++p) {
    for (std::int64_t s = 0; s < num_subreddits; ++s) {
      if (touched[static_cast<std::size_t>(p) * num_subreddits + s]) {
        result.halo[p].push_back(static_cast<std::int32_t>(s));
      }
    }
    q.parts[p].halo_subreddits = static_cast<std::int64_t>(result.halo[p].size());
  }
  return result;
}

std::vector<std::string> balance_problems(const PartitionQuality& quality, double tolerance) {
  std::vector<std::string> problems;
  // A tiny allowance for rounding: tolerance is a ratio of integers.
  const double slack = 1e-9;
  if (quality.user_imbalance() > tolerance + slack) {
    problems.push_back(core::str("users per part: max/mean - 1 = ", quality.user_imbalance(),
                                 " exceeds tolerance ", tolerance));
  }
  if (quality.edge_imbalance() > tolerance + slack) {
    problems.push_back(core::str("edges per part: max/mean - 1 = ", quality.edge_imbalance(),
                                 " exceeds tolerance ", tolerance));
  }
  return problems;
}

}  // namespace zipp::partition
