#include "core/config/core_sections.h"

namespace zipp::core::config {

void RunConfig::describe(SectionSpec<RunConfig>& spec) {
  spec.field("dir", &RunConfig::dir,
             "the run directory: checkpoints, metrics, traces and the resolved config go here");
  spec.field("seed", &RunConfig::seed, "global seed from which every random stream is derived");
}

void CommConfig::describe(SectionSpec<CommConfig>& spec) {
  spec.choice(
      "backend", &CommConfig::backend, {"auto", "mpi", "nccl"},
      "collective backend: auto picks nccl for CUDA tensors when built with NCCL, else mpi");
  spec.field("bucket_mb", &CommConfig::bucket_mb,
             "gradient allreduce bucket size in MiB (larger: fewer, bigger messages)")
      .check([](double mb) { return mb > 0; }, "must be positive");
}

void TraceConfig::describe(SectionSpec<TraceConfig>& spec) {
  spec.field("enabled", &TraceConfig::enabled,
             "write a Chrome trace per rank (trace-rank<N>.json in the run directory)");
}

void add_core_sections(Schema& schema) {
  schema.add<RunConfig>().add<CommConfig>().add<TraceConfig>();
}

}  // namespace zipp::core::config
