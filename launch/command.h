// A zipp subcommand: its name as typed ("config print"), a one-line summary for `zipp --help`,
// whether it runs inside an MPI job, and the function that runs it. The list of every command
// is one explicit function, commands() in launch/commands.cc.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zipp::launch {

// What a command receives: its own arguments (after the command's name) and the whole command
// line, which run directories record.
struct Invocation {
  std::vector<std::string> args;
  std::vector<std::string> command_line;
};

enum class MpiUse {
  kNone,      // runs without MPI (printing, file conversion)
  kRequired,  // runs inside MPI_Init/MPI_Finalize; works as a single process too
};

using CommandFn = int (*)(const Invocation&);

struct Command {
  std::string_view name;
  std::string_view summary;
  MpiUse mpi;
  CommandFn run;
};

std::span<const Command> commands();

}  // namespace zipp::launch
