// How every configured command that runs on ranks starts and ends: the configuration loaded on
// every rank and agreed on (one rank's bad file fails all ranks with one message), the run
// directory recorded by rank 0 (core/run_record.h), launcher variables cross-checked against MPI,
// and tracing switched on when trace.enabled; at the end each rank writes its trace.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/comm/communicator.h"
#include "core/comm/topology.h"
#include "core/config/config.h"
#include "launch/cli.h"
#include "launch/command.h"

namespace zipp::launch {

struct RunContext {
  core::config::Config config;
  core::comm::Topology topology;
  std::vector<std::string> hosts;  // every rank's host, in rank order
  std::filesystem::path run_dir;
};

// The command line of a command that takes only --config and `key=value` overrides, parsed on
// every rank of `comm` with errors agreed (every rank fails alike). When --help was given the
// caller returns kExitOk.
ParsedCommandLine parse_collective_command_line(const Invocation& invocation,
                                                std::string_view command,
                                                const core::comm::Communicator& comm);

// Collective over `comm`. Throws core::CollectiveError (the same on every rank) when any rank
// cannot load the configuration or rank 0 cannot write the run record.
RunContext open_run(const ParsedCommandLine& parsed, const Invocation& invocation,
                    const core::comm::Communicator& comm);

// Writes this rank's trace to run_dir/trace-rank<R>.json when tracing is on.
void close_run(const RunContext& context);

}  // namespace zipp::launch
