// Runs a program from a test, as a user would from a shell: its own process group, extra
// environment variables, stdout and stderr captured together, and a hang guard that stops it
// (and fails the run) when it outlives its limit. Used by the MPI abort tests and the end-to-end
// tests of the zipp executable.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace zipp::testing {

struct ProcessResult {
  bool finished = false;  // false: still running at the limit, and stopped
  int status = 0;         // waitpid status
  std::string output;     // stdout and stderr together

  bool exited() const;
  int exit_code() const;  // -1 unless exited()
};

// args[0] is a path to the program. env: "NAME=value" entries added to this process's environment.
ProcessResult run_process(const std::vector<std::string>& args, const std::vector<std::string>& env,
                          std::chrono::seconds limit);

// The same start as run_process, without waiting: for tests that act on a running job (signals,
// killing one rank). wait() collects it; the destructor stops one that is still running.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& args, const std::vector<std::string>& env);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  int pid() const { return pid_; }
  // Waits until it exits, or stops it at the limit (finished = false then).
  ProcessResult wait(std::chrono::seconds limit);

 private:
  int pid_ = -1;
  std::string output_path_;
  bool collected_ = false;
};

// The environment MPI tests run with (ZIPP_MPI_TEST_ENV in cmake/ZippTesting.cmake).
std::vector<std::string> mpi_test_env();

// mpiexec with its pre-flags and `-n ranks`, ready for the program and its arguments.
std::vector<std::string> mpiexec_command(int ranks);

// The running children of process `parent` (the ranks an mpiexec started), from /proc.
std::vector<int> child_pids(int parent);

// OMPI_COMM_WORLD_RANK of a running Open MPI rank, from /proc/<pid>/environ; nullopt when the
// process is gone or is not a rank.
std::optional<int> mpi_world_rank_of(int pid);

}  // namespace zipp::testing
