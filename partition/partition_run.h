// `zipp partition` as a library call: open graph.h5, partition it, measure the result, write one
// shard per part and then the partition book into the output directory, and log a summary.
// Everything streams over the graph in blocks of users except what the chosen method itself
// holds (docs/partitioning.md "Memory").
#pragma once

#include <cstdint>
#include <filesystem>

#include "graph/graph_reader.h"
#include "partition/partition.h"
#include "partition/quality.h"

namespace zipp::partition {

// A timed partitioning of one graph, without output: what the report compares.
struct MethodRun {
  Partition partition;
  MeasuredPartition measured;
  double seconds = 0;  // the partitioner alone, not the measurement
};

// InputError naming the file when graph.h5 is missing, with what to do about it.
graph::GraphReader open_graph(const std::filesystem::path& path);

MethodRun run_method(const graph::GraphReader& reader, const PartitionOptions& options);

// Writes <dir>/part-NNNNN.h5 for every part, then <dir>/book.h5 and <dir>/report.json, and
// removes shards of an earlier partitioning with more parts.
MethodRun partition_to_directory(const std::filesystem::path& graph_path,
                                 const PartitionOptions& options, const std::filesystem::path& dir);

}  // namespace zipp::partition
