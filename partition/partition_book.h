// The partition book (parts/book.h5, docs/formats.md "Partition book"): which part owns every
// user and subreddit and the vertex's local id there, the per-part counts, and how the partition
// was made. With it a global id maps to (part, local id); a shard maps local ids back to global
// ones. Written last by zipp partition, so a complete book means complete shards.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "partition/partition.h"
#include "partition/quality.h"

namespace zipp::partition {

inline constexpr std::int64_t kBookFormatVersion = 1;

struct BookInfo {
  std::int64_t format_version = kBookFormatVersion;
  std::int64_t num_parts = 0;
  std::int64_t num_users = 0;
  std::int64_t num_subreddits = 0;
  std::int64_t num_edges = 0;
  std::string method;
  std::uint64_t seed = 0;
  double tolerance = 0;
  std::string graph;       // the graph.h5 it was made from
  std::int64_t token = 0;  // the same in the book and every shard of one partitioning
  double edge_cut = 0;
};

struct PartitionBook {
  BookInfo info;
  std::vector<std::int32_t> user_part;        // [U]
  std::vector<std::int64_t> user_local;       // [U]
  std::vector<std::int32_t> subreddit_part;   // [S]
  std::vector<std::int64_t> subreddit_local;  // [S]
  std::vector<PartQuality> parts;             // [P]

  Partition partition() const;
};

std::filesystem::path book_path(const std::filesystem::path& dir);

// Atomic. info.num_* must match the partition's sizes.
void write_partition_book(const std::filesystem::path& path, const Partition& partition,
                          const PartitionQuality& quality, const BookInfo& info);

// Only the root attributes: cheap, for checking a shard against its book.
BookInfo read_book_info(const std::filesystem::path& path);
PartitionBook read_partition_book(const std::filesystem::path& path);

}  // namespace zipp::partition
