#include "launch/cli.h"

#include <iostream>
#include <sstream>

#include "core/comm/launcher_env.h"
#include "core/error.h"
#include "core/log.h"
#include "core/str.h"

namespace zipp::launch {

void reject_positional(const ParsedCommandLine& parsed, std::string_view command) {
  if (!parsed.positional.empty()) {
    throw core::ConfigError(core::str("zipp ", command, ": unexpected argument ",
                                      core::quoted(parsed.positional.front()),
                                      " (overrides are written key.sub=value)"));
  }
}
void require_single_process(std::string_view command, std::string_view advice) {
  const auto launcher = core::comm::read_launcher_env();
  if (launcher.ompi_size.value_or(1) > 1) {
    throw core::ConfigError(core::str(
        "zipp ", command, " runs as one process, but mpirun started ", *launcher.ompi_size,
        " copies (OMPI_COMM_WORLD_SIZE); run it without mpiexec", advice));
  }
}

namespace {

bool is_override(const std::string& arg) {
  return arg.find('=') != std::string::npos && !arg.starts_with("-");
}

}  // namespace

ParsedCommandLine parse_command_line(const Invocation& invocation, std::string_view command,
                                     std::string_view usage, const po::options_description& own,
                                     AcceptsConfig accepts_config) {
  ParsedCommandLine parsed;
  std::string log_level;
  std::string config_path;

  po::options_description common("Common options");
  common.add_options()("help,h", po::bool_switch(&parsed.common.help), "show this help")(
      "log-level", po::value(&log_level),
      "trace, debug, info, warn, error or off (default: info, or ZIPP_LOG_LEVEL)");
  if (accepts_config == AcceptsConfig::kYes) {
    common.add_options()("config,c", po::value(&config_path),
                         "YAML configuration file (see docs/configuration.md)");
  }
  po::options_description hidden;
  hidden.add_options()("zipp-positional", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(own).add(common).add(hidden);
  po::positional_options_description positional;
  positional.add("zipp-positional", -1);

  try {
    po::store(po::command_line_parser(invocation.args).options(all).positional(positional).run(),
              parsed.values);
    po::notify(parsed.values);
  } catch (const po::error& e) {
    throw core::ConfigError(
        core::str("zipp ", command, ": ", e.what(), " (see 'zipp ", command, " --help')"));
  }

  if (parsed.common.help) {
    std::cout << "Usage: zipp " << command << ' ' << usage << "\n\n";
    if (!own.options().empty()) std::cout << own << '\n';
    std::cout << common;
    if (accepts_config == AcceptsConfig::kYes) {
      std::cout << "\nAny argument of the form key.sub=value overrides that configuration key.\n";
    }
    std::cout.flush();
    return parsed;
  }
  if (!log_level.empty()) core::set_log_level(core::parse_log_level(log_level));
  if (!config_path.empty()) parsed.common.config = config_path;

  if (parsed.values.count("zipp-positional") != 0) {
    for (const auto& arg : parsed.values["zipp-positional"].as<std::vector<std::string>>()) {
      if (accepts_config == AcceptsConfig::kYes && is_override(arg)) {
        parsed.common.overrides.push_back(arg);
      } else {
        parsed.positional.push_back(arg);
      }
    }
  }
  return parsed;
}

std::string general_help() {
  std::ostringstream out;
  out << "zipp: zero-shot image personalization from personas, on MPI.\n\n"
         "Usage: zipp <command> [options] [key.sub=value ...]\n"
         "       mpiexec -n N zipp <command> ...   (commands marked * run on every rank)\n\n"
         "Commands:\n";
  std::size_t width = 0;
  for (const auto& command : commands()) width = std::max(width, command.name.size());
  for (const auto& command : commands()) {
    out << "  " << (command.mpi == MpiUse::kRequired ? '*' : ' ') << ' ' << command.name
        << std::string(width - command.name.size() + 2, ' ') << command.summary << '\n';
  }
  out << "\n'zipp <command> --help' shows a command's options. Exit codes: 0 success, 1 failure,\n"
         "2 bad command line or configuration, 3 bad input data.\n";
  return out.str();
}

}  // namespace zipp::launch
