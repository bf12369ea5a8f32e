#include "core/comm/launcher_env.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <variant>

#include "core/log.h"
#include "core/str.h"

namespace zipp::core::comm {
namespace {

using IntField = std::optional<int> LauncherEnv::*;
using TextField = std::optional<std::string> LauncherEnv::*;

// Every variable zipp reads, listed once.
struct Known {
  const char* name;
  std::variant<IntField, TextField> field;
};

constexpr Known kKnown[] = {
    {"SLURM_JOB_ID", &LauncherEnv::slurm_job_id},
    {"SLURM_STEP_ID", &LauncherEnv::slurm_step_id},
    {"SLURM_JOB_NODELIST", &LauncherEnv::slurm_job_nodelist},
    {"SLURM_NNODES", &LauncherEnv::slurm_nnodes},
    {"SLURM_STEP_NUM_NODES", &LauncherEnv::slurm_step_num_nodes},
    {"SLURM_NTASKS", &LauncherEnv::slurm_ntasks},
    {"SLURM_PROCID", &LauncherEnv::slurm_procid},
    {"SLURM_LOCALID", &LauncherEnv::slurm_localid},
    {"SLURM_NODEID", &LauncherEnv::slurm_nodeid},
    {"SLURM_CPUS_PER_TASK", &LauncherEnv::slurm_cpus_per_task},
    {"OMPI_COMM_WORLD_RANK", &LauncherEnv::ompi_rank},
    {"OMPI_COMM_WORLD_SIZE", &LauncherEnv::ompi_size},
    {"OMPI_COMM_WORLD_LOCAL_RANK", &LauncherEnv::ompi_local_rank},
    {"OMPI_COMM_WORLD_LOCAL_SIZE", &LauncherEnv::ompi_local_size},
    {"PMIX_RANK", &LauncherEnv::pmix_rank},
};

std::optional<int> parse_int(const std::string& text) {
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || value < INT_MIN || value > INT_MAX) return std::nullopt;
  return static_cast<int>(value);
}

void expect(std::vector<std::string>& out, const char* name, const std::optional<int>& value,
            int mpi_value, const char* what) {
  if (value && *value != mpi_value) {
    out.push_back(str(name, '=', *value, " but MPI ", what, " is ", mpi_value));
  }
}

}  // namespace

LauncherEnv read_launcher_env(const std::function<const char*(const char*)>& getenv) {
  LauncherEnv env;
  for (const Known& known : kKnown) {
    const char* raw = getenv(known.name);
    if (raw == nullptr) continue;
    const std::string value(raw);
    env.seen.push_back({known.name, value});
    if (const auto* text = std::get_if<TextField>(&known.field)) {
      env.*(*text) = value;
    } else if (const std::optional<int> number = parse_int(value)) {
      env.*std::get<IntField>(known.field) = number;
    } else {
      env.problems.push_back(str(known.name, '=', quoted(value), " is not an integer; ignored"));
    }
  }
  return env;
}

LauncherEnv read_launcher_env() {
  return read_launcher_env([](const char* name) { return std::getenv(name); });
}

std::vector<std::string> cross_check(const LauncherEnv& env, const Topology& topology) {
  std::vector<std::string> out = env.problems;
  expect(out, "OMPI_COMM_WORLD_RANK", env.ompi_rank, topology.rank, "rank");
  expect(out, "OMPI_COMM_WORLD_SIZE", env.ompi_size, topology.size, "size");
  expect(out, "OMPI_COMM_WORLD_LOCAL_RANK", env.ompi_local_rank, topology.local_rank, "local rank");
  expect(out, "OMPI_COMM_WORLD_LOCAL_SIZE", env.ompi_local_size, topology.local_size, "local size");
  expect(out, "PMIX_RANK", env.pmix_rank, topology.rank, "rank");
  // When mpirun started the ranks inside an allocation, Slurm's task variables belong to the
  // daemon srun started on each node, not to the ranks: comparing them would only add noise.
  if (env.under_mpirun()) return out;
  expect(out, "SLURM_PROCID", env.slurm_procid, topology.rank, "rank");
  expect(out, "SLURM_NTASKS", env.slurm_ntasks, topology.size, "size");
  expect(out, "SLURM_LOCALID", env.slurm_localid, topology.local_rank, "local rank");
  expect(out, "SLURM_STEP_NUM_NODES", env.slurm_step_num_nodes, topology.node_count, "node count");
  // SLURM_NODEID is not compared: Topology numbers nodes by their lowest rank, which matches
  // Slurm's numbering only under block distribution.
  return out;
}

int log_launcher_mismatches(const LauncherEnv& env, const Topology& topology) {
  const std::vector<std::string> lines = cross_check(env, topology);
  for (const std::string& line : lines) ZIPP_LOG_ONE(kWarn, "launcher environment: ", line);
  return static_cast<int>(lines.size());
}

}  // namespace zipp::core::comm
