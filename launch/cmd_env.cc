// `zipp env`: what a job runs on — ranks, local ranks, hosts, threads, LibTorch and devices, the
// collective backends built in, and the Slurm / Open MPI variables seen (cross-checked against
// MPI). With --config it also records the run and writes env.json into the run directory.
#include <iostream>
#include <sstream>

#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <nlohmann/json.hpp>

#include "core/build_info.h"
#include "core/comm/agree.h"
#include "core/comm/collectives.h"
#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/comm/environment.h"
#include "core/comm/launcher_env.h"
#include "core/comm/topology.h"
#include "core/io/atomic_file.h"
#include "core/trace/tracer.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/run_context.h"

namespace zipp::launch {
namespace {

struct EnvReport {
  std::vector<core::comm::RankInfo> ranks;     // rank 0 only
  std::vector<std::string> launcher_problems;  // every rank's mismatches, rank 0 only
  core::comm::LauncherEnv launcher;            // rank 0's variables
  int cuda_devices = 0;
  std::string mpi_library;   // MPI_Get_library_version
  std::string thread_level;  // MPI_Query_thread
};

nlohmann::json to_json(const EnvReport& report) {
  nlohmann::json ranks = nlohmann::json::array();
  for (const auto& info : report.ranks) {
    ranks.push_back({{"rank", info.rank},
                     {"host", info.host},
                     {"pid", info.pid},
                     {"local_rank", info.local_rank},
                     {"local_size", info.local_size},
                     {"hardware_threads", info.hardware_threads},
                     {"omp_num_threads", info.omp_num_threads},
                     {"torch_threads", info.torch_threads},
                     {"torch_interop_threads", info.torch_interop_threads}});
  }
  nlohmann::json variables = nlohmann::json::object();
  for (const auto& variable : report.launcher.seen) variables[variable.name] = variable.value;
  const auto& build = core::build_info();
  return {{"format_version", 1},
          {"world_size", report.ranks.size()},
          {"ranks", ranks},
          {"torch_version", build.torch_version},
          {"mpi_library", report.mpi_library},
          {"mpi_thread_level", report.thread_level},
          {"cuda_devices", report.cuda_devices},
          {"collective_backends", core::comm::built_backends()},
          {"launcher_variables", variables},
          {"launcher_mismatches", report.launcher_problems}};
}

std::string to_text(const EnvReport& report) {
  const auto& build = core::build_info();
  std::ostringstream out;
  out << "zipp " << build.version << " (" << build.git_sha.substr(0, 12)
      << (build.git_dirty ? "-dirty" : "") << ", " << build.build_type << ", " << build.compiler
      << ")\n";
  out << "LibTorch " << build.torch_version << ", HDF5 " << build.hdf5_version << "\n";
  out << report.mpi_library << " (MPI " << build.mpi_version << ", thread level "
      << report.thread_level << ")\n";
  out << "devices: cpu";
  if (report.cuda_devices > 0) out << ", " << report.cuda_devices << " cuda";
  out << (at::hasCUDA() ? "" : " (this LibTorch has no CUDA)") << '\n';
  out << "collective backends:";
  for (const auto& backend : core::comm::built_backends()) out << ' ' << backend;
  out << '\n';

  out << "\nrank  host                  pid      local  hw_threads  torch_threads  interop  "
         "OMP_NUM_THREADS\n";
  for (const auto& info : report.ranks) {
    char line[256];
    std::snprintf(line, sizeof line, "%-5d %-21s %-8ld %d/%-4d %-11d %-14d %-8d %s\n", info.rank,
                  info.host.c_str(), info.pid, info.local_rank, info.local_size,
                  info.hardware_threads, info.torch_threads, info.torch_interop_threads,
                  info.omp_num_threads.empty() ? "(unset)" : info.omp_num_threads.c_str());
    out << line;
  }

  out << "\nlauncher variables (rank 0):";
  if (report.launcher.seen.empty()) out << " none (not under Slurm or mpirun)";
  out << '\n';
  for (const auto& variable : report.launcher.seen) {
    out << "  " << variable.name << '=' << variable.value << '\n';
  }
  if (report.launcher_problems.empty()) {
    out << "launcher cross-check: every rank agrees with MPI\n";
  } else {
    out << "launcher cross-check found " << report.launcher_problems.size() << " problem(s):\n";
    for (const auto& problem : report.launcher_problems) out << "  " << problem << '\n';
  }
  return out.str();
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const auto& line : lines) joined += line + '\n';
  return joined;
}

// Collective: every rank's view, gathered on rank 0.
EnvReport gather_report(const core::comm::Communicator& world) {
  ZIPP_TRACE_SCOPE("gather_environment", kCommunication);
  EnvReport report;
  report.launcher = core::comm::read_launcher_env();
  const auto topology = core::comm::discover_topology(world);
  std::vector<std::string> problems = core::comm::cross_check(report.launcher, topology);
  for (auto& problem : problems) problem = core::str("rank ", world.rank(), ": ", problem);
  for (const auto& lines : core::comm::gather_strings(world, join_lines(problems), 0)) {
    std::istringstream in(lines);
    for (std::string line; std::getline(in, line);) report.launcher_problems.push_back(line);
  }
  report.ranks = core::comm::gather_rank_info(world);
  report.cuda_devices = at::detail::getCUDAHooks().getNumGPUs();
  report.mpi_library = core::comm::mpi_library_version();
  report.thread_level = core::comm::thread_level_name(core::comm::query_thread_level());
  return report;
}

}  // namespace

int run_env(const Invocation& invocation) {
  const auto world = core::comm::Communicator::world();
  bool json = false;
  po::options_description own("Options");
  own.add_options()("json", po::bool_switch(&json), "print JSON instead of a table");
  ParsedCommandLine parsed;
  core::comm::agree_on_setup(world, [&] {
    parsed = parse_command_line(invocation, "env", "[--json] [--config FILE [key=value ...]]", own,
                                AcceptsConfig::kYes);
    if (!parsed.positional.empty()) {
      throw core::ConfigError("zipp env: unexpected argument " +
                              core::quoted(parsed.positional[0]));
    }
  });
  if (parsed.common.help) return kExitOk;

  std::optional<RunContext> context;
  if (parsed.common.config || !parsed.common.overrides.empty()) {
    context = open_run(parsed, invocation, world);
  }

  const EnvReport report = gather_report(world);

  core::comm::agree_on_setup(world, [&] {
    if (world.rank() != 0) return;
    std::cout << (json ? to_json(report).dump(2) + "\n" : to_text(report)) << std::flush;
    if (context) {
      core::write_file_atomic(context->run_dir / "env.json", to_json(report).dump(2) + "\n");
    }
  });
  if (context) close_run(*context);
  return kExitOk;
}

}  // namespace zipp::launch
