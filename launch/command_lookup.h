// Finds the subcommand named by the first words of a command line ("config print"), and explains
// what is wrong when none matches: the nearest known name, or the subcommands of a group.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "launch/command.h"

namespace zipp::launch {

struct CommandMatch {
  const Command* command = nullptr;
  std::size_t words = 0;  // how many arguments after argv[0] name the command
  std::string problem;    // why nothing matched, for the user
};

CommandMatch find_command(const std::vector<std::string>& command_line);

}  // namespace zipp::launch
