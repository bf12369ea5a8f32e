// The `slurm` configuration section: the resources, time limit, launcher and stage of the sbatch
// job that `zipp slurm render|submit` writes (docs/operations.md "Slurm jobs"). Every value that
// reaches the script is checked here, so `zipp config print` rejects the same values the renderer
// would: names are limited to a conservative character set and text may hold no newline or NUL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"

namespace zipp::launch {

struct SlurmConfig {
  static constexpr std::string_view kName = "slurm";
  std::int64_t nodes = 1;
  std::int64_t tasks_per_node = 1;
  std::int64_t gpus_per_task = 0;  // 0: no GPU requested
  std::int64_t cpus_per_task = 1;
  std::string time = "01:00:00";
  std::string partition;  // "": the cluster's default partition
  std::string account;    // "": the user's default account
  std::string job_name = "zipp";
  std::int64_t signal_seconds = 120;  // --signal=B:USR1@N; 0: no warning signal
  bool requeue = true;
  std::string output;  // "": <run.dir>/slurm-%j.out
  std::string launcher = "srun";
  std::string mpi = "pmix";
  std::vector<std::string> modules;
  std::vector<std::string> extra_env;  // NAME=value
  std::string stage = "train";

  static void describe(core::config::SectionSpec<SlurmConfig>& spec);
};

// Seconds in a Slurm time limit: "minutes", "minutes:seconds", "hours:minutes:seconds",
// "days-hours", "days-hours:minutes" or "days-hours:minutes:seconds"; nullopt for anything else.
std::optional<std::int64_t> parse_slurm_time(std::string_view text);

// True for a job, partition or account name: letters, digits, '.', '_', '-', 1 to 64 characters,
// not starting with '-'.
bool is_slurm_name(std::string_view text);

// True for an environment-module name: letters, digits and "._+-/", not starting with '-'.
bool is_module_name(std::string_view text);

// "" when `entry` is NAME=value with a shell variable name and a value without newline or NUL,
// else what is wrong with it.
std::string check_env_entry(std::string_view entry);

// True when `text` holds no newline, carriage return or NUL.
bool is_single_line(std::string_view text);

}  // namespace zipp::launch
