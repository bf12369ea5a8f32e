// A small synthetic world (tests/graph/synth/small_world.h) written as graph.h5 with its
// held-out split and partitioned into shards, for the evaluation tests. Deterministic.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/str.h"
#include "graph/synth/synth_graph.h"
#include "partition/partition_run.h"
#include "tests/graph/synth/small_world.h"

namespace zipp::training::testing {

inline std::filesystem::path parts_dir(const std::filesystem::path& dir, std::int64_t parts) {
  return dir / core::str("parts-", parts);
}

// Writes <dir>/graph.h5 and <dir>/parts-<parts>/ (hash partition, so the shards do not depend on
// METIS); returns the graph path.
inline std::filesystem::path write_synth_partition(const std::filesystem::path& dir,
                                                   std::int64_t parts, std::int64_t users = 3000,
                                                   std::int64_t subreddits = 300) {
  namespace synth = graph::synth;
  std::filesystem::create_directories(dir);
  const std::filesystem::path graph_path = dir / "graph.h5";
  if (!std::filesystem::exists(graph_path)) {
    const synth::World world =
        synth::testing::small_world(synth::testing::small_config(users, subreddits));
    synth::write_synthetic_graph(world, synth::testing::small_graph_config(), synth::testing::kSeed,
                                 graph_path);
  }
  partition::PartitionOptions options;
  options.parts = parts;
  options.method = partition::Method::kHash;
  options.seed = 1;
  partition::partition_to_directory(graph_path, options, parts_dir(dir, parts));
  return graph_path;
}

}  // namespace zipp::training::testing
