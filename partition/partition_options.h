// What a partitioner is asked for (partition/partitioner.h): the number of parts, the method,
// the balance tolerance and seed, and the streaming method's knobs. The `partition` config
// section (partition/partition_config.h) fills it; tests and benchmarks build it directly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zipp::partition {

enum class Method { kMetis, kHash, kStream };

std::string_view method_name(Method method);
// ConfigError listing the known names otherwise.
Method parse_method(std::string_view name);

struct StreamOptions {
  std::int64_t top_k = 8;               // subreddits per sampled user that form pairs
  std::int64_t pair_budget = 32 << 20;  // pairs sampled for the co-occurrence graph
  std::int64_t neighbors = 32;          // strongest neighbours kept per subreddit
  std::int64_t passes = 3;              // passes over the users
};

struct PartitionOptions {
  std::int64_t parts = 2;
  Method method = Method::kMetis;
  double tolerance = 0.05;  // max/mean - 1, for users and for edges per part
  std::uint64_t seed = 0;
  std::int64_t chunk_users = 262144;
  StreamOptions stream;
};

}  // namespace zipp::partition
