// zipp: finds the subcommand, starts MPI when the command runs on ranks, and turns errors into
// one clear message and an exit code (launch/exit_codes.h).
#include <iostream>
#include <string>
#include <vector>

#include "core/build_info.h"
#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/comm/environment.h"
#include "core/error.h"
#include "core/log.h"
#include "core/torch_warnings.h"
#include "launch/cli.h"
#include "launch/command.h"
#include "launch/command_lookup.h"
#include "launch/exit_codes.h"

namespace zipp::launch {
namespace {

int exit_code_for(const std::exception& error) {
  switch (core::cause_of(error)) {
    case core::ErrorCause::kConfig:
      return kExitUsage;
    case core::ErrorCause::kInput:
      return kExitInputError;
    case core::ErrorCause::kFailure:
      return kExitFailure;
  }
  return kExitFailure;
}

int run_plain(const Command& command, const Invocation& invocation) {
  try {
    return command.run(invocation);
  } catch (const std::exception& error) {
    ZIPP_LOG_ERROR(error.what());
    return exit_code_for(error);
  }
}

// Errors all ranks agreed on (core::CollectiveError) are reported once, by rank 0. Any other
// error reached only this rank: the others may be waiting in a collective, so end the job.
int run_on_ranks(const Command& command, const Invocation& invocation, int& argc, char**& argv) {
  core::comm::Environment environment(argc, argv);
  const auto world = core::comm::Communicator::world();
  core::set_log_rank(world.rank());
  try {
    return command.run(invocation);
  } catch (const core::CollectiveError& error) {
    ZIPP_LOG_ERROR(error.what());
    return exit_code_for(error);
  } catch (const std::exception& error) {
    if (world.size() == 1) {
      ZIPP_LOG_ERROR(error.what());
      return exit_code_for(error);
    }
    core::comm::abort_job(error.what(), exit_code_for(error));
  }
}

int run(int argc, char** argv) {
  const std::vector<std::string> command_line(argv, argv + argc);
  try {
    core::configure_log_from_env();
    core::route_torch_warnings_to_log();
  } catch (const core::ConfigError& error) {
    std::cerr << "zipp: " << error.what() << '\n';
    return kExitUsage;
  }
  if (argc < 2) {
    std::cerr << general_help();
    return kExitUsage;
  }
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    std::cout << general_help();
    return kExitOk;
  }
  if (first == "--version") {
    const auto& info = core::build_info();
    std::cout << "zipp " << info.version << " (" << info.git_sha << (info.git_dirty ? "-dirty" : "")
              << ", " << info.build_type << ")\n";
    return kExitOk;
  }

  const CommandMatch match = find_command(command_line);
  if (match.command == nullptr) {
    std::cerr << "zipp: " << match.problem << '\n';
    return kExitUsage;
  }
  Invocation invocation{
      {command_line.begin() + 1 + static_cast<std::ptrdiff_t>(match.words), command_line.end()},
      command_line};
  if (match.command->mpi == MpiUse::kRequired)
    return run_on_ranks(*match.command, invocation, argc, argv);
  return run_plain(*match.command, invocation);
}

}  // namespace
}  // namespace zipp::launch

int main(int argc, char** argv) { return zipp::launch::run(argc, argv); }
