// `zipp partition`: splits graph.h5 into one shard per training rank plus the partition book
// (docs/partitioning.md, docs/formats.md "Partition book" / "Partition shard"). Runs as one
// process: partitioning is a preprocessing step whose memory a single rank holds best, and the
// ranks of the training job each open their own shard afterwards.
#include <iostream>

#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/error.h"
#include "core/run_record.h"
#include "graph/graph_config.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/schema.h"
#include "partition/partition_config.h"
#include "partition/partition_run.h"
#include "partition/report.h"

namespace zipp::launch {
int run_partition(const Invocation& invocation) {
  std::int64_t parts = 0;
  std::string method;
  po::options_description own("Options");
  own.add_options()("parts,p", po::value(&parts),
                    "number of parts, one per training rank (the key partition.parts)")(
      "method", po::value(&method), "metis, hash or stream (the key partition.method)");
  auto parsed = parse_command_line(invocation, "partition",
                                   "[--parts P] [--method M] [--config FILE] [key=value ...]", own,
                                   AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "partition");
  // Several copies would write the same shards and book at once.
  require_single_process("partition", ": the training ranks each open their own shard afterwards");
  if (parsed.values.count("parts")) {
    parsed.common.overrides.push_back(core::str("partition.parts=", parts));
  }
  if (!method.empty()) parsed.common.overrides.push_back("partition.method=" + method);
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  const auto& run = config.get<core::config::RunConfig>();
  const auto& section = config.get<partition::PartitionConfig>();
  const auto graph_path = config.get<graph::GraphConfig>().resolve_path(run.dir);
  const auto output = section.resolve_output(run.dir);

  core::RunRecord record;
  record.command_line = invocation.command_line;
  record.resolved_config_yaml = config.to_yaml();
  record.hosts = {core::local_host_name()};
  core::write_run_record(run.dir, record);

  const auto result =
      partition::partition_to_directory(graph_path, section.options(run.seed), output);
  std::cout << "partitioned " << graph_path.string() << " into " << section.parts << " parts by "
            << section.method << ": " << output.string() << "\n"
            << partition::summary_line(result.measured.quality, result.seconds) << '\n';
  return kExitOk;
}

}  // namespace zipp::launch
