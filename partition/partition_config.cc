#include "partition/partition_config.h"

namespace zipp::partition {

void PartitionConfig::describe(core::config::SectionSpec<PartitionConfig>& spec) {
  spec.field("parts", &PartitionConfig::parts,
             "number of parts: one shard per training rank (1 writes one shard holding the whole "
             "graph)")
      .check([](std::int64_t p) { return p >= 1 && p <= 65536; }, "must be in [1, 65536]");
  spec.choice("method", &PartitionConfig::method, {"metis", "hash", "stream"},
              "metis: METIS k-way on the whole bipartite graph; hash: users and subreddits "
              "hashed to parts (baseline); stream: METIS on the subreddit co-occurrence graph, "
              "then users streamed to the part holding most of their edges (bounded memory)");
  spec.field("tolerance", &PartitionConfig::tolerance,
             "allowed imbalance of users and of edges per part: max/mean - 1")
      .check([](double t) { return t > 0 && t <= 1; }, "must be in (0, 1]");
  spec.field("output", &PartitionConfig::output,
             "directory for the partition book and the shards; empty: <run.dir>/parts");
  spec.field("chunk_users", &PartitionConfig::chunk_users,
             "users read from graph.h5 at a time by every streaming pass (bounds memory)")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("stream.top_k", &PartitionConfig::stream_top_k,
             "stream: each sampled user links its k strongest subreddits in the co-occurrence "
             "graph")
      .check([](std::int64_t k) { return k >= 2 && k <= 1024; }, "must be in [2, 1024]");
  spec.field("stream.pair_budget", &PartitionConfig::stream_pair_budget,
             "stream: most subreddit pairs sampled for the co-occurrence graph (8 bytes each)")
      .check([](std::int64_t n) { return n >= 1024; }, "must be at least 1024");
  spec.field("stream.neighbors", &PartitionConfig::stream_neighbors,
             "stream: strongest co-occurrence neighbours kept per subreddit")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("stream.passes", &PartitionConfig::stream_passes,
             "stream: passes over the users (the first assigns, later ones refine)")
      .check([](std::int64_t n) { return n >= 1 && n <= 100; }, "must be in [1, 100]");
}

std::filesystem::path PartitionConfig::resolve_output(const std::filesystem::path& run_dir) const {
  return output.empty() ? run_dir / "parts" : std::filesystem::path(output);
}

PartitionOptions PartitionConfig::options(std::uint64_t run_seed) const {
  PartitionOptions o;
  o.parts = parts;
  o.method = parse_method(method);
  o.tolerance = tolerance;
  o.seed = run_seed;
  o.chunk_users = chunk_users;
  o.stream.top_k = stream_top_k;
  o.stream.pair_budget = stream_pair_budget;
  o.stream.neighbors = stream_neighbors;
  o.stream.passes = stream_passes;
  return o;
}

}  // namespace zipp::partition
