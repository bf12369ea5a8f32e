#include "launch/pipeline/mpi_launch.h"

#include <cstdlib>

#include <unistd.h>

namespace zipp::launch {

std::vector<std::string> mpi_launch_prefix(const PipelineConfig& pipeline, const SlurmConfig& slurm,
                                           std::int64_t ranks, std::vector<std::string>& env) {
  const bool in_slurm = std::getenv("SLURM_JOB_ID") != nullptr;
  const bool use_srun = pipeline.launcher == "srun" || (pipeline.launcher == "auto" && in_slurm);
  const std::string count = std::to_string(ranks);
  if (use_srun) {
    return {"srun", "--mpi=" + slurm.mpi, "--kill-on-bad-exit=1", "-n", count};
  }
  if (pipeline.oversubscribe) env.push_back("OMPI_MCA_rmaps_base_oversubscribe=1");
  if (geteuid() == 0) {
    // Open MPI refuses to start as root without both; a root shell that runs zipp has already
    // chosen to run as root.
    env.push_back("OMPI_ALLOW_RUN_AS_ROOT=1");
    env.push_back("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1");
  }
  std::vector<std::string> prefix = {pipeline.mpiexec};
  prefix.insert(prefix.end(), pipeline.mpiexec_args.begin(), pipeline.mpiexec_args.end());
  prefix.insert(prefix.end(), {"-n", count});
  return prefix;
}

}  // namespace zipp::launch
