// The partition quality report (`zipp partition report`, and report.json beside the shards):
// several partitionings of the same graph side by side as a text table or JSON. Layout of the
// JSON: docs/formats.md "Partition report".
#pragma once

#include <string>
#include <vector>

#include "partition/quality.h"

namespace zipp::partition {

struct ReportEntry {
  PartitionQuality quality;
  double seconds = 0;  // time the partitioner took
};

// A method the report could not run on this graph (METIS beyond the machine's memory), and why.
struct SkippedMethod {
  Method method = Method::kMetis;
  std::string reason;
};

std::string format_report_table(const std::string& graph, const std::vector<ReportEntry>& entries,
                                const std::vector<SkippedMethod>& skipped = {});
std::string format_report_json(const std::string& graph, const std::vector<ReportEntry>& entries,
                               const std::vector<SkippedMethod>& skipped = {});

// One line for logs: "edge cut 36.1%, users max/mean 1.02, edges max/mean 1.05, halo 1234
// (replication 1.31), feature traffic/epoch 4.73 MB cached, 1.20 GB uncached, 61s".
std::string summary_line(const PartitionQuality& quality, double seconds);

}  // namespace zipp::partition
