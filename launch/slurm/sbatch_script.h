// Renders the sbatch script of a zipp stage from the `slurm` section (launch/slurm/
// slurm_config.h) and the absolute paths the job needs (docs/operations.md "Slurm jobs"). Every
// value is validated again here, whatever built the section, and every value placed in the
// script body is shell-quoted, so no configuration value can run a command.
#pragma once

#include <filesystem>
#include <string>

#include "launch/slurm/slurm_config.h"

namespace zipp::launch {

struct SbatchInputs {
  SlurmConfig slurm;
  std::filesystem::path script;           // where the script will be written (named in it)
  std::filesystem::path zipp_executable;  // absolute
  std::filesystem::path config_file;      // absolute: the resolved configuration the job runs
  std::filesystem::path work_dir;         // absolute: the job's working directory (--chdir)
  std::filesystem::path output;           // absolute: the job's log pattern (--output)
};

// Throws core::ConfigError naming the key (or the path), what was expected and what was found
// when a value cannot go into a script: a check of the `slurm` section fails, or a path is not
// absolute or holds a newline or NUL.
std::string render_sbatch_script(const SbatchInputs& inputs);

// Throws core::ConfigError for the first value of `slurm` that fails a check of the section, as
// "key 'slurm.job_name': expected ..., found '...'".
void check_slurm_config(const SlurmConfig& slurm);

// `text` as one argument of an #SBATCH line: in double quotes, with '\' and '"' escaped by a
// backslash (sbatch's own directive parser; it does not expand anything else).
std::string sbatch_quote(std::string_view text);

}  // namespace zipp::launch
