// `zipp slurm render` and `zipp slurm submit` (docs/operations.md "Slurm jobs"): resolve the
// configuration (file, defaults, overrides), write it next to the script so the job runs exactly
// it, and write the sbatch script of the `slurm` section's stage; submit then hands the script to
// sbatch --parsable and prints the job id. Render prints the script's path.
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>

#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/log.h"
#include "core/str.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/schema.h"
#include "launch/slurm/sbatch_script.h"
#include "launch/slurm/sbatch_submit.h"
#include "partition/partition_config.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;

struct RenderedJob {
  fs::path script;
  fs::path config_file;
};

fs::path absolute_normal(const fs::path& path) { return fs::absolute(path).lexically_normal(); }

fs::path this_executable() {
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (error) {
    throw core::IoError(core::str(
        "zipp slurm: cannot find this executable's path (/proc/self/exe): ", error.message()));
  }
  return exe;
}

void make_directories(const fs::path& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    throw core::IoError(
        core::str("zipp slurm: cannot create the directory ", dir.string(), ": ", error.message()));
  }
}

RenderedJob render_job(const Invocation& invocation, std::string_view command) {
  std::string script_option;
  po::options_description own("Options");
  own.add_options()(
      "output,o", po::value(&script_option),
      "where to write the sbatch script (default: <run.dir>/<slurm.job_name>.sbatch); "
      "the resolved configuration goes beside it as <name>.config.yaml");
  const auto parsed = parse_command_line(
      invocation, command, "--config FILE [key=value ...] [-o SCRIPT]", own, AcceptsConfig::kYes);
  if (parsed.common.help) return {};
  reject_positional(parsed, command);
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  const auto& slurm = config.get<SlurmConfig>();
  const fs::path run_dir = absolute_normal(config.get<core::config::RunConfig>().dir);

  SbatchInputs inputs;
  inputs.slurm = slurm;
  inputs.script = absolute_normal(script_option.empty() ? run_dir / (slurm.job_name + ".sbatch")
                                                        : fs::path(script_option));
  inputs.config_file = fs::path(inputs.script).replace_extension(".config.yaml");
  inputs.zipp_executable = this_executable();
  inputs.work_dir = absolute_normal(fs::current_path());
  inputs.output = slurm.output.empty() ? run_dir / "slurm-%j.out" : absolute_normal(slurm.output);
  const std::string script = render_sbatch_script(inputs);  // validates before anything is written
  const std::int64_t ranks = slurm.nodes * slurm.tasks_per_node;
  const std::int64_t parts = config.get<partition::PartitionConfig>().parts;
  if (slurm.stage == "train" && parts != ranks) {
    ZIPP_LOG_WARN(command, ": the job starts ", ranks,
                  " ranks (slurm.nodes x slurm.tasks_per_node) but partition.parts is ", parts,
                  "; zipp train needs one shard per rank: partition with --parts ", ranks,
                  " or change the slurm section");
  }

  // Slurm does not create the log's directory: a job whose log cannot be opened fails unseen.
  if (inputs.output.parent_path().string().find('%') == std::string::npos)
    make_directories(inputs.output.parent_path());
  make_directories(inputs.script.parent_path());
  core::write_file_atomic(inputs.config_file, config.to_yaml());
  core::write_file_atomic(inputs.script, script);
  fs::permissions(inputs.script, fs::perms::owner_exec | fs::perms::group_exec,
                  fs::perm_options::add);
  ZIPP_LOG_INFO(command, ": wrote ", inputs.script.string(), " (", slurm.nodes, " nodes x ",
                slurm.tasks_per_node, " ranks, stage '", slurm.stage, "', time ", slurm.time,
                ") and its configuration ", inputs.config_file.string());
  return {inputs.script, inputs.config_file};
}

}  // namespace

int run_slurm_render(const Invocation& invocation) {
  const RenderedJob job = render_job(invocation, "slurm render");
  if (job.script.empty()) return kExitOk;  // --help
  std::cout << job.script.string() << '\n';
  return kExitOk;
}

int run_slurm_submit(const Invocation& invocation) {
  const RenderedJob job = render_job(invocation, "slurm submit");
  if (job.script.empty()) return kExitOk;  // --help
  const std::string id = submit_sbatch_script(job.script);
  ZIPP_LOG_INFO("slurm submit: submitted ", job.script.string(), " as job ", id);
  std::cout << id << '\n';
  return kExitOk;
}

}  // namespace zipp::launch
