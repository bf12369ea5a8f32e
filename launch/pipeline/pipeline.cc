#include "launch/pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <sstream>

#include <unistd.h>

#include "core/config/core_sections.h"
#include "core/error.h"
#include "core/io/h5_file.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "core/text/hex.h"
#include "core/text/shell_quote.h"
#include "eval/bench/bench_config.h"
#include "generation/run/generate_config.h"
#include "generation/run/generate_images.h"
#include "graph/graph_config.h"
#include "graph/synth/truth_reader.h"
#include "launch/exit_codes.h"
#include "launch/pipeline/child_process.h"
#include "launch/pipeline/mpi_launch.h"
#include "launch/pipeline/pipeline_config.h"
#include "launch/pipeline/stage_stamp.h"
#include "launch/slurm/slurm_config.h"
#include "partition/partition_config.h"
#include "training/embed/embed_config.h"
#include "verbalize/run/rewrite_config.h"
#include "verbalize/run/verbalize_config.h"

namespace zipp::launch {
namespace fs = std::filesystem;
namespace {

bool graph_has_truth(const fs::path& graph) {
  if (!fs::exists(graph)) return true;  // the synth stage will write one
  const auto file = core::h5::File::open(graph, core::h5::Access::kRead);
  return graph::synth::has_truth(file);
}

constexpr std::uint64_t kChainStart = core::hash_text("zipp pipeline v1");

// What the stage after `stage` builds on: its key and the state of its outputs now.
std::uint64_t chain_after(const std::string& key, const PipelineStage& stage) {
  std::uint64_t chain = core::hash_text(key);
  for (const auto& output : stage.outputs) {
    const auto state = output_state(output);
    chain = core::hash_text(
        state ? core::str(state->path, ' ', state->bytes, ' ', state->mtime_ns, ' ', state->digest)
              : output.string() + " missing",
        chain);
  }
  return chain;
}

}  // namespace

fs::path stage_stamp_path(const fs::path& run_dir, const std::string& stage) {
  return run_dir / "pipeline" / (stage + ".json");
}

std::string stage_key(const PipelineStage& stage, const std::string& yaml,
                      const fs::path& config_file, std::uint64_t chain) {
  // The zipp arguments without the config file's own path (the same settings may be written to
  // another place), and the stage's settings.
  std::string identity = stage.name + "\n" + sections_yaml(yaml, stage.sections);
  for (const auto& arg : stage.args) {
    if (arg != config_file.string()) identity += arg + "\n";
  }
  return core::text::hex64(core::hash_text(identity, chain));
}

std::vector<std::pair<std::string, std::string>> pipeline_states(
    const core::config::Config& config, const fs::path& config_file,
    const std::vector<PipelineStage>& stages) {
  const fs::path run_dir = config.get<core::config::RunConfig>().dir;
  const std::string yaml = config.to_yaml();
  std::uint64_t chain = kChainStart;
  std::vector<std::pair<std::string, std::string>> states;
  for (const auto& stage : stages) {
    const std::string key = stage_key(stage, yaml, config_file, chain);
    const std::string why =
        why_incomplete(read_stage_stamp(stage_stamp_path(run_dir, stage.name)), key);
    states.emplace_back(stage.name, why.empty() ? "complete" : why);
    chain = chain_after(key, stage);
  }
  return states;
}

const std::vector<std::string>& pipeline_stage_names() {
  static const std::vector<std::string> names = {"synth",   "partition", "train",
                                                 "embed",   "verbalize", "history",
                                                 "rewrite", "generate",  "eval"};
  return names;
}

std::string sections_yaml(const std::string& yaml, const std::vector<std::string>& sections) {
  std::map<std::string, std::string> blocks;
  std::string current;
  std::istringstream in(yaml);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') {
      current = line.substr(0, line.find(':'));
    }
    if (!current.empty()) blocks[current] += line + "\n";
  }
  std::string out;
  for (const auto& section : sections) out += blocks[section];
  return out;
}

std::vector<PipelineStage> plan_pipeline(const core::config::Config& config,
                                         const fs::path& config_file) {
  const auto& pipeline = config.get<PipelineConfig>();
  const fs::path run_dir = config.get<core::config::RunConfig>().dir;
  const auto& graph = config.get<graph::GraphConfig>();
  const auto& rewrite = config.get<verbalize::RewriteConfig>();
  const fs::path graph_path = graph.resolve_path(run_dir);
  const std::vector<std::string> base = {"--config", config_file.string()};
  const auto args = [&](std::vector<std::string> words, std::vector<std::string> extra = {}) {
    words.insert(words.end(), base.begin(), base.end());
    words.insert(words.end(), extra.begin(), extra.end());
    return words;
  };

  std::vector<PipelineStage> all;
  if (graph.path.empty()) {
    all.push_back(
        {"synth", args({"graph", "synth"}), true, {"run", "graph", "synth"}, {graph_path}});
  } else {
    ZIPP_LOG_INFO("pipeline: graph.path is set: ", graph_path.string(),
                  " is an input, not drawn by the pipeline");
  }
  all.push_back({"partition",
                 args({"partition"}, {"--parts", std::to_string(pipeline.ranks)}),
                 false,
                 {"partition"},
                 {config.get<partition::PartitionConfig>().resolve_output(run_dir) / "book.h5"}});
  all.push_back(
      {"train", args({"train"}), true, {"model", "train", "comm"}, {run_dir / "metrics.jsonl"}});
  all.push_back({"embed",
                 args({"embed"}),
                 true,
                 {"embed"},
                 {config.get<training::EmbedConfig>().resolve_output(run_dir)}});
  const auto& verbalize = config.get<verbalize::VerbalizeConfig>();
  all.push_back({"verbalize",
                 args({"verbalize"}),
                 true,
                 {"llm", "verbalize"},
                 {verbalize.resolve_output(run_dir)}});
  std::vector<std::string> rewrite_extra;
  if (rewrite.examples.empty() && graph_has_truth(graph_path)) {
    const fs::path history = run_dir / "prompt-history.jsonl";
    all.push_back({"history",
                   args({"graph", "history"}, {"--output", history.string()}),
                   false,
                   {},
                   {history}});
    rewrite_extra.push_back("rewrite.examples=" + history.string());
  }
  all.push_back({"rewrite",
                 args({"rewrite"}, rewrite_extra),
                 true,
                 {"rewrite"},
                 {rewrite.resolve_output(run_dir)}});
  const auto& generation = config.get<generation::GenerateConfig>();
  // zipp generate checks every image itself (a deleted or damaged PNG is drawn again), so it runs
  // every time; with nothing to draw it only reads the images and writes the same manifest.
  all.push_back({"generate",
                 args({"generate"}),
                 true,
                 {"generation", "tiny_diffusion"},
                 {generation::manifest_path(generation.resolve_output(run_dir))},
                 true});
  all.push_back({"eval",
                 args({"eval", "bench"}),
                 false,
                 {"eval"},
                 {config.get<eval::BenchConfig>().resolve_output(run_dir) / "report.json"}});

  for (const auto& name : pipeline.stages) {
    const auto& known = pipeline_stage_names();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw core::ConfigError(core::str("pipeline.stages: unknown stage ", core::quoted(name),
                                        "; the stages are ", list));
    }
  }
  if (pipeline.stages.empty()) return all;
  std::vector<PipelineStage> selected;
  for (auto& stage : all) {
    if (std::find(pipeline.stages.begin(), pipeline.stages.end(), stage.name) !=
        pipeline.stages.end()) {
      selected.push_back(std::move(stage));
    }
  }
  return selected;
}

PipelineOutcome run_pipeline(const core::config::Config& config, const fs::path& config_file,
                             const std::vector<PipelineStage>& stages) {
  const auto& pipeline = config.get<PipelineConfig>();
  const fs::path run_dir = config.get<core::config::RunConfig>().dir;
  const std::string yaml = config.to_yaml();
  const fs::path zipp = fs::read_symlink("/proc/self/exe");
  // Every stage logs at the pipeline's level (--log-level or ZIPP_LOG_LEVEL).
  std::vector<std::string> env = {
      core::str("ZIPP_LOG_LEVEL=", core::log_level_name(core::log_level()))};
  const std::vector<std::string> plain_env = env;
  const std::vector<std::string> prefix =
      mpi_launch_prefix(pipeline, config.get<SlurmConfig>(), pipeline.ranks, env);

  PipelineOutcome outcome;
  std::uint64_t chain = kChainStart;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const PipelineStage& stage = stages[i];
    if (stage.name == "eval") outcome.report = stage.outputs.front().parent_path() / "report.md";
    const std::string step = core::str("pipeline: [", i + 1, "/", stages.size(), "] ", stage.name);
    const std::string key = stage_key(stage, yaml, config_file, chain);
    const fs::path stamp_path = stage_stamp_path(run_dir, stage.name);
    const std::string why = why_incomplete(read_stage_stamp(stamp_path), key);
    if (why.empty() && !pipeline.force && !stage.always_runs) {
      ZIPP_LOG_INFO(step, ": complete, skipped (", stage.outputs.front().string(), ")");
      chain = chain_after(key, stage);
      continue;
    }
    std::vector<std::string> command;
    if (stage.mpi) command = prefix;
    command.push_back(zipp.string());
    command.insert(command.end(), stage.args.begin(), stage.args.end());
    const std::string reason = pipeline.force ? std::string("pipeline.force")
                               : why.empty()  ? std::string("it checks its own outputs")
                                              : why;
    ZIPP_LOG_INFO(step, ": running (", reason, "): ", core::text::shell_join(command));
    const auto stage_start = std::chrono::steady_clock::now();
    const ChildResult result = run_child(command, stage.mpi ? env : plain_env);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - stage_start).count();
    if (result.exit_code != 0) {
      outcome.exit_code = result.exit_code == kExitStopped ? kExitStopped : result.exit_code;
      outcome.failed_stage = stage.name;
      if (result.exit_code == kExitStopped) {
        ZIPP_LOG_WARN(step,
                      ": stopped after a checkpoint (exit 4); run the pipeline again to "
                      "resume from this stage");
      } else {
        ZIPP_LOG_ERROR(
            step, ": failed with ", result.describe, " after ", core::fixed(seconds, 1),
            " s; its own messages are above. Command: ", core::text::shell_join(command));
      }
      return outcome;
    }
    StageStamp stamp{stage.name, key, core::text::shell_join(command), {}, seconds};
    for (const auto& output : stage.outputs) {
      const auto state = output_state(output);
      if (!state) {
        outcome.exit_code = kExitFailure;
        outcome.failed_stage = stage.name;
        ZIPP_LOG_ERROR(step, ": exited 0 but did not write ", output.string());
        return outcome;
      }
      stamp.outputs.push_back(*state);
    }
    write_stage_stamp(stamp_path, stamp);
    chain = chain_after(key, stage);
    ZIPP_LOG_INFO(step, ": done in ", core::fixed(seconds, 1), " s");
  }
  ZIPP_LOG_INFO(
      "pipeline: all ", stages.size(), " stages complete in ",
      core::fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                  1),
      " s");
  return outcome;
}

}  // namespace zipp::launch
