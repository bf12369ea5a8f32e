// `zipp config print`, `zipp config get`, `zipp config keys`: the resolved configuration, one
// value of it for scripts, and the table of every key.
#include <algorithm>
#include <iostream>

#include "core/config/config.h"
#include "core/config/load.h"
#include "core/error.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/schema.h"

namespace zipp::launch {

int run_config_print(const Invocation& invocation) {
  bool origins = false;
  po::options_description own("Options");
  own.add_options()("origins", po::bool_switch(&origins),
                    "comment each value with where it came from (default, file:line, override)");
  const auto parsed = parse_command_line(
      invocation, "config print", "[--config FILE] [key=value ...]", own, AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "config print");
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  std::cout << config.to_yaml(origins ? core::config::OriginComments::kShow
                                      : core::config::OriginComments::kHide);
  return kExitOk;
}

int run_config_get(const Invocation& invocation) {
  po::options_description own;
  const auto parsed = parse_command_line(
      invocation, "config get", "KEY [--config FILE] [key=value ...]", own, AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  if (parsed.positional.size() != 1) {
    throw core::ConfigError(
        "zipp config get: give exactly one key, e.g. 'zipp config get run.dir'");
  }
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  std::cout << config.plain_text(parsed.positional.front()) << '\n';
  return kExitOk;
}

int run_config_keys(const Invocation& invocation) {
  po::options_description own;
  const auto parsed = parse_command_line(invocation, "config keys", "", own, AcceptsConfig::kNo);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "config keys");
  const auto rows = zipp_schema().describe_keys();
  std::size_t key_width = 3;
  std::size_t type_width = 4;
  std::size_t default_width = 7;
  for (const auto& row : rows) {
    key_width = std::max(key_width, row.key.size());
    type_width = std::max(type_width, row.type.size());
    default_width = std::max(default_width, row.default_text.size());
  }
  const auto pad = [](const std::string& text, std::size_t width) {
    return text + std::string(width - text.size() + 2, ' ');
  };
  std::cout << pad("key", key_width) << pad("type", type_width) << pad("default", default_width)
            << "meaning\n";
  for (const auto& row : rows) {
    std::string help = row.help;
    if (!row.choices.empty()) {
      help += " (one of:";
      for (const auto& choice : row.choices) help += " " + choice;
      help += ")";
    }
    std::cout << pad(row.key, key_width) << pad(row.type, type_width)
              << pad(row.default_text, default_width) << help << '\n';
  }
  return kExitOk;
}

}  // namespace zipp::launch
