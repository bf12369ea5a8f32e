#include "launch/slurm/sbatch_submit.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.h"
#include "core/str.h"

extern char** environ;

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;

// Reads `fd` to its end.
std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return text;
    }
  }
}

// Runs `program` with `args` (argv[0] included) and returns its exit status and standard output.
std::pair<int, std::string> run_capturing(const fs::path& program,
                                          const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0)
    throw core::Error(core::str("zipp slurm submit: pipe: ", std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    throw core::Error(core::str("zipp slurm submit: cannot start ", program.string(), ": ",
                                std::strerror(spawned)));
  }
  const std::string output = read_all(pipe_fds[0]);
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw core::Error(core::str("zipp slurm submit: waitpid: ", std::strerror(errno)));
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return {code, output};
}

}  // namespace

std::optional<fs::path> find_on_path(std::string_view name, std::string_view path_variable) {
  std::size_t start = 0;
  while (start <= path_variable.size()) {
    std::size_t end = path_variable.find(':', start);
    if (end == std::string_view::npos) end = path_variable.size();
    const std::string_view dir = path_variable.substr(start, end - start);
    const fs::path candidate = (dir.empty() ? fs::path(".") : fs::path(dir)) / name;
    std::error_code error;
    if (fs::is_regular_file(candidate, error) && access(candidate.c_str(), X_OK) == 0)
      return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> parse_sbatch_job_id(std::string_view output) {
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r'))
    output.remove_suffix(1);
  const std::string_view id = output.substr(0, output.find(';'));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  return std::string(id);
}

std::string submit_sbatch_script(const fs::path& script) {
  const char* path = std::getenv("PATH");
  const auto sbatch = find_on_path("sbatch", path == nullptr ? "" : path);
  if (!sbatch) {
    throw core::Error(core::str(
        "zipp slurm submit: sbatch was not found on PATH (", path == nullptr ? "" : path,
        "); run it on a Slurm login node, or submit the rendered script there with 'sbatch ",
        script.string(), "'"));
  }
  const auto [code, output] = run_capturing(*sbatch, {"sbatch", "--parsable", script.string()});
  if (code != 0) {
    throw core::Error(core::str("zipp slurm submit: ", sbatch->string(), " --parsable ",
                                script.string(), " exited with status ", code,
                                " (its message is above)"));
  }
  const auto id = parse_sbatch_job_id(output);
  if (!id) {
    throw core::Error(
        core::str("zipp slurm submit: expected a job id from sbatch --parsable, found ",
                  core::quoted(output)));
  }
  return *id;
}

}  // namespace zipp::launch
