// What the launcher (Slurm's srun/sbatch, Open MPI's mpirun, PMIx) told this process through
// environment variables. MPI stays the source of truth for rank and size; these values are read
// for logs and run records and cross-checked against the MPI topology, where a mismatch usually
// means a launch mistake (e.g. a program started without srun inside an allocation).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/comm/topology.h"

namespace zipp::core::comm {

struct LauncherVariable {
  std::string name;
  std::string value;
};

struct LauncherEnv {
  // Slurm, per task (srun) and per job.
  std::optional<int> slurm_procid, slurm_ntasks, slurm_localid, slurm_nodeid, slurm_nnodes;
  std::optional<int> slurm_step_num_nodes, slurm_cpus_per_task;
  std::optional<std::string> slurm_job_id, slurm_step_id, slurm_job_nodelist;
  // Open MPI's mpirun and PMIx.
  std::optional<int> ompi_rank, ompi_size, ompi_local_rank, ompi_local_size, pmix_rank;

  // Every known variable that was set, in the order of the table in launcher_env.cc.
  std::vector<LauncherVariable> seen;
  // Variables whose value could not be read, e.g. "SLURM_PROCID='x3' is not an integer".
  std::vector<std::string> problems;

  bool under_slurm() const { return slurm_job_id.has_value(); }
  // mpirun (ORTE) started this rank: Slurm's task variables then describe mpirun's daemon.
  bool under_mpirun() const { return ompi_rank.has_value(); }
};

// Reads the known variables through `getenv` (returns nullptr for an unset variable).
LauncherEnv read_launcher_env(const std::function<const char*(const char*)>& getenv);
// Reads them from this process's environment.
LauncherEnv read_launcher_env();

// The problems found while reading, then one line per variable that disagrees with MPI, e.g.
// "SLURM_PROCID=3 but MPI rank is 1". Empty when all agree.
std::vector<std::string> cross_check(const LauncherEnv& env, const Topology& topology);

// Logs every line of cross_check as a warning from this rank; returns how many there were.
int log_launcher_mismatches(const LauncherEnv& env, const Topology& topology);

}  // namespace zipp::core::comm
