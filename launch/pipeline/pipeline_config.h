// The `pipeline` configuration section: how `zipp pipeline` runs the stages (docs/operations.md
// "zipp pipeline"): the number of ranks of the parallel stages, how they are launched, and which
// stages run.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"

namespace zipp::launch {

struct PipelineConfig {
  static constexpr std::string_view kName = "pipeline";
  std::int64_t ranks = 2;                 // ranks of the MPI stages; also the partition's parts
  std::string launcher = "auto";          // auto | mpiexec | srun
  std::string mpiexec = "mpiexec";        // the mpiexec program (auto and mpiexec)
  std::vector<std::string> mpiexec_args;  // extra arguments before -n
  bool oversubscribe = true;              // let mpiexec start more ranks than cores
  std::vector<std::string> stages;        // run only these (names as `zipp pipeline --list`)
  bool force = false;                     // run every stage even when its outputs are complete

  static void describe(core::config::SectionSpec<PipelineConfig>& spec);
};

}  // namespace zipp::launch
