// `zipp pipeline --config X.yaml`: every stage of the method in order (launch/pipeline/
// pipeline.h, docs/operations.md "zipp pipeline"), skipping the complete ones, then the report's
// path and its headline table. Runs as one process; the MPI stages start their own ranks.
// --list prints the plan and each stage's state without running anything.
#include <fstream>
#include <iostream>

#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/run_record.h"
#include "core/str.h"
#include "core/text/shell_quote.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/pipeline/child_process.h"
#include "launch/pipeline/pipeline.h"
#include "launch/pipeline/stage_stamp.h"
#include "launch/schema.h"

namespace zipp::launch {
namespace {

// The Markdown table under "## Results" in report.md.
std::string headline_of(const std::filesystem::path& report_md) {
  std::ifstream in(report_md);
  std::string out;
  bool in_results = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## Results", 0) == 0) {
      in_results = true;
    } else if (in_results && line.rfind("|", 0) == 0) {
      out += line + "\n";
    } else if (in_results && !out.empty()) {
      break;
    }
  }
  return out;
}

}  // namespace

int run_pipeline_command(const Invocation& invocation) {
  bool list = false;
  po::options_description own("Options");
  own.add_options()("list", po::bool_switch(&list),
                    "print the stages, their commands and whether each is complete; run nothing");
  const auto parsed = parse_command_line(
      invocation, "pipeline", "[--config FILE] [--list] [key=value ...]", own, AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "pipeline");
  require_single_process(
      "pipeline",
      " or srun: it starts each stage's ranks itself (in an sbatch script, run it in "
      "the batch shell)");
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  const std::filesystem::path run_dir = config.get<core::config::RunConfig>().dir;
  // Every stage reads the same resolved settings, whatever the command line said.
  const auto config_file = run_dir / "pipeline" / "config.yaml";
  const auto stages = plan_pipeline(config, config_file);
  if (list) {
    const auto states = pipeline_states(config, config_file, stages);
    for (std::size_t i = 0; i < stages.size(); ++i) {
      std::vector<std::string> command = {"zipp"};
      command.insert(command.end(), stages[i].args.begin(), stages[i].args.end());
      std::cout << stages[i].name << (stages[i].mpi ? " (MPI)" : "") << ": " << states[i].second
                << "\n  " << core::text::shell_join(command) << "\n";
    }
    return kExitOk;
  }
  std::filesystem::create_directories(config_file.parent_path());
  core::write_file_atomic(config_file, config.to_yaml());

  core::RunRecord record;
  record.command_line = invocation.command_line;
  record.resolved_config_yaml = config.to_yaml();
  record.hosts = {core::local_host_name()};
  core::write_run_record(run_dir, record);

  const PipelineOutcome outcome = run_pipeline(config, config_file, stages);
  if (outcome.exit_code != 0) return outcome.exit_code;
  if (!outcome.report.empty() && std::filesystem::exists(outcome.report)) {
    std::cout << "\nZIPBench-synth (" << outcome.report.string() << "):\n\n"
              << headline_of(outcome.report);
  }
  return kExitOk;
}

}  // namespace zipp::launch
