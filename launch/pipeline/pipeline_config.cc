#include "launch/pipeline/pipeline_config.h"

namespace zipp::launch {

void PipelineConfig::describe(core::config::SectionSpec<PipelineConfig>& spec) {
  spec.field("ranks", &PipelineConfig::ranks,
             "ranks of the MPI stages (synth, train, embed, verbalize, rewrite, generate); the "
             "partition gets one part per rank")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.choice("launcher", &PipelineConfig::launcher, {"auto", "mpiexec", "srun"},
              "how MPI stages start: auto = srun inside a Slurm allocation (SLURM_JOB_ID set), "
              "else mpiexec");
  spec.field("mpiexec", &PipelineConfig::mpiexec, "the mpiexec program (on PATH or a path)");
  spec.field("mpiexec_args", &PipelineConfig::mpiexec_args,
             "extra mpiexec arguments, before -n (e.g. [--bind-to, none])");
  spec.field("oversubscribe", &PipelineConfig::oversubscribe,
             "allow more ranks than cores (sets OMPI_MCA_rmaps_base_oversubscribe=1 for mpiexec)");
  spec.field("stages", &PipelineConfig::stages,
             "run only these stages, in pipeline order (synth, partition, train, embed, "
             "verbalize, history, rewrite, generate, eval); empty: all");
  spec.field("force", &PipelineConfig::force,
             "run every selected stage even when its outputs are complete and current");
}

}  // namespace zipp::launch
