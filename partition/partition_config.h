// The `partition` configuration section: how `zipp partition` splits graph.h5 into one shard per
// rank (docs/partitioning.md): the number of parts, the method, the balance tolerance, where the
// partition book and shards go, and the knobs of the streaming method.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/config/section_spec.h"
#include "partition/partition_options.h"

namespace zipp::partition {

struct PartitionConfig {
  static constexpr std::string_view kName = "partition";
  std::int64_t parts = 2;
  std::string method = "metis";
  double tolerance = 0.05;
  std::string output;  // "" = <run.dir>/parts
  std::int64_t chunk_users = 262144;
  std::int64_t stream_top_k = 8;
  std::int64_t stream_pair_budget = 32 << 20;
  std::int64_t stream_neighbors = 32;
  std::int64_t stream_passes = 3;

  static void describe(core::config::SectionSpec<PartitionConfig>& spec);

  // The output directory: `output`, or parts/ in the run directory when it is empty.
  std::filesystem::path resolve_output(const std::filesystem::path& run_dir) const;
  PartitionOptions options(std::uint64_t run_seed) const;
};

}  // namespace zipp::partition
