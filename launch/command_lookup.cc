#include "launch/command_lookup.h"

#include <algorithm>
#include <sstream>

#include "core/str.h"
#include "core/text/edit_distance.h"

namespace zipp::launch {

CommandMatch find_command(const std::vector<std::string>& command_line) {
  CommandMatch match;
  if (command_line.size() < 2) {
    match.problem = "no command given; see 'zipp --help'";
    return match;
  }
  // Longest name first: "config print" before "config".
  for (std::size_t words = std::min<std::size_t>(3, command_line.size() - 1); words >= 1; --words) {
    std::string name = command_line[1];
    for (std::size_t i = 2; i <= words; ++i) name += " " + command_line[i];
    for (const auto& command : commands()) {
      if (command.name == name) {
        match.command = &command;
        match.words = words;
        return match;
      }
    }
  }

  const std::string& first = command_line[1];
  std::vector<std::string_view> group;
  for (const auto& command : commands()) {
    if (command.name.starts_with(first + " ")) group.push_back(command.name);
  }
  std::ostringstream problem;
  if (!group.empty()) {
    problem << "'" << first << "' needs a subcommand: ";
    for (std::size_t i = 0; i < group.size(); ++i)
      problem << (i ? ", " : "") << "'" << group[i] << "'";
  } else {
    // Full names and group names ("config" of "config print") are both plausible targets.
    std::vector<std::string> names;
    for (const auto& command : commands()) {
      names.emplace_back(command.name);
      const std::string first_word(command.name.substr(0, command.name.find(' ')));
      if (std::find(names.begin(), names.end(), first_word) == names.end()) {
        names.push_back(first_word);
      }
    }
    problem << "unknown command " << core::quoted(first);
    if (const auto nearest = core::text::nearest(first, names); nearest) {
      problem << "; did you mean '" << *nearest << "'?";
    }
    problem << " See 'zipp --help'.";
  }
  match.problem = problem.str();
  return match;
}

}  // namespace zipp::launch
