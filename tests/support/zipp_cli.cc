#include "tests/support/zipp_cli.h"

namespace zipp::testing {

std::string zipp_executable() { return ZIPP_EXECUTABLE; }

namespace {

std::vector<std::string> zipp_command(const std::vector<std::string>& args, int ranks) {
  std::vector<std::string> command;
  if (ranks > 0) command = mpiexec_command(ranks);
  command.push_back(zipp_executable());
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

}  // namespace

ProcessResult run_zipp(const std::vector<std::string>& args, int ranks,
                       std::chrono::seconds limit) {
  return run_process(zipp_command(args, ranks), mpi_test_env(), limit);
}

std::unique_ptr<BackgroundProcess> start_zipp(const std::vector<std::string>& args, int ranks) {
  return std::make_unique<BackgroundProcess>(zipp_command(args, ranks), mpi_test_env());
}

}  // namespace zipp::testing
