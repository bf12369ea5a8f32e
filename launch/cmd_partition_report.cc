// `zipp partition report`: partitions the configured graph with several methods (METIS, the hash
// baseline and the configured one, by default; the streaming method instead of a METIS that
// would not fit in memory) and prints their quality side by side: edge cut, users and edges per
// part against the mean, halo and replication, feature traffic per epoch. Nothing is written;
// `zipp partition` writes the shards.
#include <algorithm>
#include <iostream>
#include <sstream>

#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/error.h"
#include "core/log.h"
#include "graph/graph_config.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/schema.h"
#include "partition/partition_config.h"
#include "partition/partition_run.h"
#include "partition/report.h"

namespace zipp::launch {
namespace {

std::vector<partition::Method> parse_methods(const std::string& list,
                                             partition::Method configured) {
  std::vector<partition::Method> methods;
  if (list.empty()) {
    methods = {partition::Method::kMetis, partition::Method::kHash};
    if (configured == partition::Method::kStream) methods.push_back(configured);
    return methods;
  }
  std::istringstream in(list);
  for (std::string name; std::getline(in, name, ',');) {
    const auto method = partition::parse_method(name);
    if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
      methods.push_back(method);
    }
  }
  return methods;
}

}  // namespace

int run_partition_report(const Invocation& invocation) {
  std::int64_t parts = 0;
  std::string methods_list;
  bool json = false;
  po::options_description own("Options");
  own.add_options()("parts,p", po::value(&parts), "number of parts (the key partition.parts)")(
      "methods", po::value(&methods_list),
      "comma-separated methods to compare (default: metis,hash and the configured method)")(
      "json", po::bool_switch(&json), "print JSON instead of a table");
  auto parsed = parse_command_line(
      invocation, "partition report",
      "[--parts P] [--methods metis,hash,stream] [--json] [--config FILE] [key=value ...]", own,
      AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "partition report");
  if (parsed.values.count("parts")) {
    parsed.common.overrides.push_back(core::str("partition.parts=", parts));
  }
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  const auto& run = config.get<core::config::RunConfig>();
  const auto& section = config.get<partition::PartitionConfig>();
  const auto graph_path = config.get<graph::GraphConfig>().resolve_path(run.dir);
  const auto base = section.options(run.seed);
  auto methods = parse_methods(methods_list, base.method);

  const auto reader = partition::open_graph(graph_path);
  std::vector<partition::ReportEntry> entries;
  std::vector<partition::SkippedMethod> skipped;
  for (std::size_t i = 0; i < methods.size(); ++i) {
    auto options = base;
    options.method = methods[i];
    try {
      const auto result = partition::run_method(reader, options);
      entries.push_back({result.measured.quality, result.seconds});
    } catch (const core::ConfigError& error) {
      // A default METIS that does not fit this machine gives way to the streaming method;
      // a method asked for by name fails the command instead.
      if (!methods_list.empty() || methods[i] != partition::Method::kMetis) throw;
      ZIPP_LOG_WARN("partition report: ", error.what());
      skipped.push_back({methods[i], error.what()});
      if (std::find(methods.begin(), methods.end(), partition::Method::kStream) == methods.end()) {
        methods.push_back(partition::Method::kStream);
      }
    }
  }
  std::cout << (json ? partition::format_report_json(graph_path.string(), entries, skipped)
                     : partition::format_report_table(graph_path.string(), entries, skipped));
  return kExitOk;
}

}  // namespace zipp::launch
