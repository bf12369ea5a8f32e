// Runs one stage of `zipp pipeline` as a child process (docs/operations.md "zipp pipeline"): the
// child shares this process's stdout and stderr, so its logs and progress appear as they would
// from a shell. A SIGUSR1 or SIGTERM that reaches the pipeline (Slurm's warning before the time
// limit) is forwarded to the child as SIGUSR1, which mpiexec and srun pass on to every rank, so
// the stage checkpoints and exits 4 as when it runs alone.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace zipp::launch {

struct ChildResult {
  int exit_code = 0;     // the child's exit status; 128 + n when signal n killed it
  int forwarded = 0;     // the stop signal forwarded to it (0: none)
  std::string describe;  // "exit code 3", "killed by signal 9"
};

// Starts args[0] (searched on PATH when it has no '/') with args, the environment of this
// process plus `env` ("NAME=value", replacing a variable of the same name), and waits for it.
// core::Error naming the program when it cannot be started. With `log`, the child's stdout and
// stderr go to that file (created or truncated) instead.
ChildResult run_child(const std::vector<std::string>& args, const std::vector<std::string>& env,
                      const std::filesystem::path& log = {});

}  // namespace zipp::launch
