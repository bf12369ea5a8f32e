// Submitting a rendered script: finds sbatch on PATH and runs `sbatch --parsable <script>`
// (docs/operations.md "Slurm jobs"). sbatch's own messages go to this process's stderr.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace zipp::launch {

// The first executable file named `name` in the directories of `path_variable` (PATH's syntax;
// an empty entry is the working directory), or nullopt.
std::optional<std::filesystem::path> find_on_path(std::string_view name,
                                                  std::string_view path_variable);

// The job id in sbatch --parsable's output: "<id>" or "<id>;<cluster>", trailing newline allowed;
// nullopt when it is anything else.
std::optional<std::string> parse_sbatch_job_id(std::string_view output);

// Runs sbatch --parsable on `script` and returns the job id. Throws core::Error when sbatch is not
// on PATH, cannot be started, fails (naming its exit status) or prints no job id.
std::string submit_sbatch_script(const std::filesystem::path& script);

}  // namespace zipp::launch
