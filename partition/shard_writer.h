// Writes one shard per part (docs/formats.md "Partition shard") from graph.h5 in one streaming
// pass over the users: every part's file is open at once and receives its users' rows block by
// block, so memory stays at one block of the graph plus a buffered chunk per dataset and part.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "graph/graph_reader.h"
#include "partition/partition.h"

namespace zipp::partition {

// halo[p]: the subreddits part p's users touch that other parts own, increasing (from
// partition/quality.h). Each shard is written atomically; `token` ties them to their book.
void write_shards(const graph::GraphReader& reader, const Partition& partition,
                  const std::vector<std::vector<std::int32_t>>& halo,
                  const std::filesystem::path& dir, std::int64_t token, std::int64_t chunk_users);

}  // namespace zipp::partition
