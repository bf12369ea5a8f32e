// `zipp pipeline` (docs/operations.md "zipp pipeline"): every stage of the method in order, each
// as its own zipp command in a child process (the MPI stages under mpiexec or srun with
// pipeline.ranks ranks), skipping a stage whose outputs are complete and current
// (launch/pipeline/stage_stamp.h):
//   synth      zipp graph synth          (only when graph.path is empty: the run's own graph)
//   partition  zipp partition --parts R
//   train      zipp train                (resumes from its newest checkpoint)
//   embed      zipp embed
//   verbalize  zipp verbalize
//   history    zipp graph history        (only for a synthetic graph and an empty rewrite.examples)
//   rewrite    zipp rewrite
//   generate   zipp generate             (resumable: draws only missing images)
//   eval       zipp eval bench
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/config/config.h"

namespace zipp::launch {

struct PipelineStage {
  std::string name;                            // "train"
  std::vector<std::string> args;               // the zipp arguments: {"train"}
  bool mpi = false;                            // started with pipeline.ranks ranks
  std::vector<std::string> sections;           // the config sections its result depends on
  std::vector<std::filesystem::path> outputs;  // files that exist when it is complete
  bool always_runs = false;  // checks its own outputs (generate): run even when complete
};

// Every stage name, in order.
const std::vector<std::string>& pipeline_stage_names();

// The stages this configuration runs, in order (pipeline.stages filters them; an unknown name is
// a ConfigError naming it and the known ones). `config_file` is the resolved configuration every
// stage is given.
std::vector<PipelineStage> plan_pipeline(const core::config::Config& config,
                                         const std::filesystem::path& config_file);

struct PipelineOutcome {
  int exit_code = 0;  // 0, or the exit code of the stage that failed or stopped
  std::string failed_stage;
  std::filesystem::path report;  // the eval stage's report.md ("" when not run)
};

// Runs the plan; returns at the first stage that does not exit 0.
PipelineOutcome run_pipeline(const core::config::Config& config,
                             const std::filesystem::path& config_file,
                             const std::vector<PipelineStage>& stages);

// Each stage's state: "complete", or why it would run (launch/pipeline/stage_stamp.h).
std::vector<std::pair<std::string, std::string>> pipeline_states(
    const core::config::Config& config, const std::filesystem::path& config_file,
    const std::vector<PipelineStage>& stages);

// `<run_dir>/pipeline/<stage>.json`.
std::filesystem::path stage_stamp_path(const std::filesystem::path& run_dir,
                                       const std::string& stage);

// The key of a stage: its name, its settings (the sections of `yaml`), its zipp arguments
// except the config file's path, and `chain`: what the stages before it left (their keys and
// the size and time of their outputs), so a stage runs again whenever anything it builds on has
// changed. 16 hex digits.
std::string stage_key(const PipelineStage& stage, const std::string& yaml,
                      const std::filesystem::path& config_file, std::uint64_t chain);

// The part of `yaml` (as Config::to_yaml writes it) under each of `sections`, in order.
std::string sections_yaml(const std::string& yaml, const std::vector<std::string>& sections);

}  // namespace zipp::launch
