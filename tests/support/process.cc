#include "tests/support/process.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace zipp::testing {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, separator);) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// mpiexec puts each rank in a process group of its own, so killing mpiexec's group would leave
// the ranks running: SIGTERM lets mpiexec stop its ranks first; SIGKILL follows if it lingers.
void stop(pid_t pid, int& status) {
  kill(pid, SIGTERM);
  const auto grace = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (waitpid(pid, &status, WNOHANG) != pid) {
    if (std::chrono::steady_clock::now() > grace) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

bool ProcessResult::exited() const { return finished && WIFEXITED(status); }

int ProcessResult::exit_code() const { return exited() ? WEXITSTATUS(status) : -1; }

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& args,
                                     const std::vector<std::string>& env) {
  char path[] = "/tmp/zipp_test_output_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return;
  output_path_ = path;
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    for (const std::string& assignment : env) {
      const std::size_t equals = assignment.find('=');
      setenv(assignment.substr(0, equals).c_str(), assignment.substr(equals + 1).c_str(), 1);
    }
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fd);
  setpgid(pid, pid);  // also here, so the group exists whichever process runs first
  pid_ = pid;
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0 && !collected_) {
    int status = 0;
    stop(pid_, status);
  }
  if (!output_path_.empty()) unlink(output_path_.c_str());
}

ProcessResult BackgroundProcess::wait(std::chrono::seconds limit) {
  ProcessResult result;
  if (pid_ <= 0) return {false, 0, "could not start the process (mkstemp or fork failed)"};
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    if (waitpid(pid_, &result.status, WNOHANG) == pid_) {
      result.finished = true;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop(pid_, result.status);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  collected_ = true;
  std::ifstream file(output_path_);
  std::stringstream contents;
  contents << file.rdbuf();
  result.output = contents.str();
  return result;
}

ProcessResult run_process(const std::vector<std::string>& args, const std::vector<std::string>& env,
                          std::chrono::seconds limit) {
  return BackgroundProcess(args, env).wait(limit);
}

std::vector<std::string> mpi_test_env() { return split(ZIPP_MPI_TEST_ENV, ','); }

std::vector<std::string> mpiexec_command(int ranks) {
  std::vector<std::string> args = {ZIPP_MPIEXEC};
  for (const std::string& flag : split(ZIPP_MPIEXEC_PREFLAGS, ',')) args.push_back(flag);
  args.push_back(ZIPP_MPIEXEC_NUMPROC_FLAG);
  args.push_back(std::to_string(ranks));
  return args;
}

std::vector<int> child_pids(int parent) {
  std::vector<int> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    int ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) children.push_back(std::stoi(name));
  }
  return children;
}

std::optional<int> mpi_world_rank_of(int pid) {
  std::ifstream environ("/proc/" + std::to_string(pid) + "/environ");
  const std::string key = "OMPI_COMM_WORLD_RANK=";
  for (std::string entry; std::getline(environ, entry, '\0');) {
    if (entry.rfind(key, 0) == 0) return std::stoi(entry.substr(key.size()));
  }
  return std::nullopt;
}

}  // namespace zipp::testing
