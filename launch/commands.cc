#include "launch/command.h"
#include "launch/commands_list.h"

namespace zipp::launch {

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"env", "ranks, local ranks, hosts, threads, LibTorch, devices, backends, Slurm variables",
       MpiUse::kRequired, run_env},
      {"config print", "print the resolved configuration (file, defaults and overrides)",
       MpiUse::kNone, run_config_print},
      {"config get", "print one resolved configuration value (for scripts)", MpiUse::kNone,
       run_config_get},
      {"config keys", "list every configuration key with its type, default and meaning",
       MpiUse::kNone, run_config_keys},
      {"trace merge", "combine per-rank Chrome traces; print each phase's min/median/max",
       MpiUse::kNone, run_trace_merge},
  };
  return kCommands;
}

}  // namespace zipp::launch
