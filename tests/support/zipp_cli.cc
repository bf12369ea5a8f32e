#include "tests/support/zipp_cli.h"

namespace zipp::testing {

std::string zipp_executable() { return ZIPP_EXECUTABLE; }

ProcessResult run_zipp(const std::vector<std::string>& args, int ranks,
                       std::chrono::seconds limit) {
  std::vector<std::string> command;
  if (ranks > 0) command = mpiexec_command(ranks);
  command.push_back(zipp_executable());
  command.insert(command.end(), args.begin(), args.end());
  return run_process(command, mpi_test_env(), limit);
}

}  // namespace zipp::testing
