// `zipp eval bench`: ZIPBench-synth over every method of a run's jobs.jsonl (docs/evaluation.md
// "ZIPBench-synth"): scores the generated images against reference images of each user's true
// taste and writes report.md, report.json, users.csv and plots to eval.output (default
// <run.dir>/report), then prints the headline table. One process: the images are embedded once
// and cached (eval.output/embeddings-<embedder>.h5).
#include <iostream>

#include <c10/core/Device.h>

#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/error.h"
#include "core/log.h"
#include "core/run_record.h"
#include "core/str.h"
#include "eval/bench/bench_config.h"
#include "eval/bench/run_bench.h"
#include "eval/embedders/aesthetic_embedder.h"
#include "eval/embedders/clip_embedder.h"
#include "eval/report/report_markdown.h"
#include "eval/report/write_report.h"
#include "generation/run/generate_config.h"
#include "graph/graph_config.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/schema.h"

namespace zipp::launch {

int run_eval_bench(const Invocation& invocation) {
  po::options_description own("Options");
  const auto parsed = parse_command_line(
      invocation, "eval bench", "[--config FILE] [key=value ...]", own, AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "eval bench");
  require_single_process("eval bench");
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  const auto& run = config.get<core::config::RunConfig>();
  const auto& section = config.get<eval::BenchConfig>();
  const auto& generation = config.get<generation::GenerateConfig>();

  eval::BenchInputs inputs;
  inputs.config = section;
  inputs.run_dir = run.dir;
  inputs.jobs =
      section.jobs.empty() ? generation.resolve_jobs(run.dir) : std::filesystem::path(section.jobs);
  inputs.images = section.images.empty() ? generation.resolve_output(run.dir)
                                         : std::filesystem::path(section.images);
  inputs.graph = config.get<graph::GraphConfig>().resolve_path(run.dir);
  inputs.output = section.resolve_output(run.dir);
  inputs.seed = run.seed;

  std::unique_ptr<eval::ImageEmbedder> embedder;
  if (section.embedder == "clip") {
    embedder = eval::load_clip_embedder(section.clip_module, c10::Device(c10::kCPU));
  } else {
    embedder = std::make_unique<eval::AestheticEmbedder>();
  }

  core::RunRecord record;
  record.command_line = invocation.command_line;
  record.resolved_config_yaml = config.to_yaml();
  record.hosts = {core::local_host_name()};
  core::write_run_record(run.dir, record);

  const eval::BenchReport report = eval::run_bench(inputs, *embedder);
  for (const auto& note : report.notes) ZIPP_LOG_WARN("eval bench: ", note);
  eval::write_report(report, inputs.output);
  std::cout << eval::headline_table(report)
            << "\nreport: " << (inputs.output / "report.md").string()
            << " (report.json, users.csv, plots/)\n";
  return kExitOk;
}

}  // namespace zipp::launch
