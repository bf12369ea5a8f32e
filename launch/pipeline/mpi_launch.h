// How `zipp pipeline` and `zipp bench scaling` start a zipp command on several ranks
// (docs/operations.md "zipp pipeline"): srun inside a Slurm allocation, else mpiexec, with the
// Open MPI variables a single machine (oversubscription) or a root shell needs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "launch/pipeline/pipeline_config.h"
#include "launch/slurm/slurm_config.h"

namespace zipp::launch {

// The words before `zipp ...` that start `ranks` ranks:
//   srun --mpi=<slurm.mpi> --kill-on-bad-exit=1 -n R        (pipeline.launcher srun, or auto
//                                                            with SLURM_JOB_ID set)
//   <pipeline.mpiexec> <pipeline.mpiexec_args...> -n R      (otherwise)
// and adds to `env` what mpiexec needs: OMPI_MCA_rmaps_base_oversubscribe=1 with
// pipeline.oversubscribe, and OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM)=1 when running as root.
std::vector<std::string> mpi_launch_prefix(const PipelineConfig& pipeline, const SlurmConfig& slurm,
                                           std::int64_t ranks, std::vector<std::string>& env);

}  // namespace zipp::launch
