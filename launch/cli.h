// Command-line parsing shared by every subcommand: the common options (--config, --log-level,
// --help, `a.b.c=value` overrides) and the help layout. Each subcommand declares its own options
// in its own file and hands them to parse_command_line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "launch/command.h"

namespace zipp::launch {

namespace po = boost::program_options;

struct CommonOptions {
  std::optional<std::filesystem::path> config;
  std::vector<std::string> overrides;  // "a.b.c=value"
  bool help = false;
};

enum class AcceptsConfig { kNo, kYes };

struct ParsedCommandLine {
  CommonOptions common;
  po::variables_map values;
  std::vector<std::string> positional;  // positional arguments that are not overrides
};

// Parses the invocation against the command's own options plus the common ones. With
// AcceptsConfig::kYes, --config and positional `key=value` overrides are accepted. --log-level is
// applied at once. Throws core::ConfigError naming the offending option. When --help is given,
// the help text is printed to stdout and common.help is set: the caller returns kExitOk.
ParsedCommandLine parse_command_line(const Invocation& invocation, std::string_view command,
                                     std::string_view usage, const po::options_description& own,
                                     AcceptsConfig accepts_config);

// Throws core::ConfigError when `parsed` holds a positional argument (anything that is not an
// option or a `key=value` override), naming it.
void reject_positional(const ParsedCommandLine& parsed, std::string_view command);

// Throws core::ConfigError when mpirun started several copies of a command that runs as one
// process (OMPI_COMM_WORLD_SIZE > 1): "zipp <command> runs as one process, but mpirun started N
// copies ...; run it without mpiexec" followed by `advice` (e.g. ": the ranks of training each
// open their own shard afterwards").
void require_single_process(std::string_view command, std::string_view advice = "");

// `zipp --help`: the command list, one line each.
std::string general_help();

}  // namespace zipp::launch
