// The run functions of every subcommand, one per file in launch/; commands.cc lists them.
#pragma once

#include "launch/command.h"

namespace zipp::launch {

int run_config_print(const Invocation& invocation);
int run_config_get(const Invocation& invocation);
int run_config_keys(const Invocation& invocation);
int run_env(const Invocation& invocation);
int run_trace_merge(const Invocation& invocation);

}  // namespace zipp::launch
