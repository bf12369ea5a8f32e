#include "launch/pipeline/child_process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/check.h"
#include "core/comm/stop_request.h"
#include "core/error.h"
#include "core/log.h"
#include "core/str.h"
#include "core/text/shell_quote.h"

extern char** environ;

namespace zipp::launch {
namespace {

std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::map<std::string, std::string> vars;
  std::vector<std::string> order;
  const auto add = [&](const std::string& entry) {
    const std::string name = entry.substr(0, entry.find('='));
    if (!vars.count(name)) order.push_back(name);
    vars[name] = entry;
  };
  for (char** e = environ; e && *e; ++e) add(*e);
  for (const auto& entry : extra) add(entry);
  std::vector<std::string> out;
  for (const auto& name : order) out.push_back(vars[name]);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

ChildResult run_child(const std::vector<std::string>& args, const std::vector<std::string>& env,
                      const std::filesystem::path& log) {
  ZIPP_CHECK_T(core::ConfigError, !args.empty(), "run_child: no program");
  core::comm::install_stop_handlers();
  std::vector<std::string> argv_strings = args;
  std::vector<std::string> env_strings = merged_environment(env);
  auto argv = pointers(argv_strings);
  auto envp = pointers(env_strings);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!log.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  }
  pid_t pid = 0;
  const int rc =
      args[0].find('/') == std::string::npos
          ? posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data())
          : posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw core::Error(core::str("cannot start ", core::quoted(args[0]), ": ", std::strerror(rc),
                                " (command: ", core::text::shell_join(args), ")"));
  }
  ChildResult result;
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      throw core::Error(
          core::str("waiting for ", core::text::shell_join(args), ": ", std::strerror(errno)));
    }
    if (result.forwarded == 0 && core::comm::stop_signal() != 0) {
      result.forwarded = core::comm::stop_signal();
      ZIPP_LOG_WARN("pipeline: signal ", result.forwarded,
                    " received: asking the running stage to checkpoint and stop (SIGUSR1)");
      kill(pid, SIGUSR1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
    result.describe = core::str("exit code ", result.exit_code);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
    result.describe = core::str("killed by signal ", WTERMSIG(status));
  }
  return result;
}

}  // namespace zipp::launch
