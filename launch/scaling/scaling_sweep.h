// `zipp bench scaling` (docs/operations.md "Scaling sweeps"): strong and weak scaling of training
// (and of generation) over a list of rank counts on the machine or allocation it runs in. Each
// run is a real `zipp train` / `zipp generate` under mpiexec or srun (launch/pipeline/
// mpi_launch.h) with its log in the sweep's directory; throughput comes from the run's own
// meters (training: metrics.jsonl interval lines, the first dropped as warm-up; generation: the
// `generate total` line), and the time shares from merging its per-rank Chrome traces.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/config/config.h"

namespace zipp::launch {

struct ScalingOptions {
  std::vector<std::int64_t> ranks = {1, 2};
  std::vector<std::string> stages = {"train"};          // train, generate
  std::vector<std::string> modes = {"strong", "weak"};  // strong, weak
  std::int64_t steps = 60;                              // training steps per run
  std::int64_t batch = 1024;     // strong: global batch split over ranks; weak: batch per rank
  std::int64_t images = 32;      // strong: images per run; weak: images per rank
  std::filesystem::path output;  // the sweep's directory
};

struct ScalingRow {
  std::string stage;  // train | generate
  std::string mode;   // strong | weak
  std::int64_t ranks = 0;
  std::int64_t work = 0;    // global batch (train) or images (generate) of the run
  double throughput = 0.0;  // seeds/s (train) or images/s (generate), all ranks together
  std::string unit;
  double efficiency = 0.0;  // throughput / (ranks x the first rank count's per-rank throughput)
  // Median time per category across ranks over all time traced, as shares of their sum; empty
  // when the run wrote no trace (generation).
  std::vector<std::pair<std::string, double>> shares;
  std::vector<std::pair<std::string, double>> phase_ms;  // training: ms per step of each phase
  std::string run_dir;
};

// Runs the sweep (with the settings of `config`, the resolved configuration in `config_file`)
// and returns one row per (stage, mode, ranks). A run that fails is a core::Error naming its
// command and log file.
std::vector<ScalingRow> run_scaling_sweep(const core::config::Config& config,
                                          const std::filesystem::path& config_file,
                                          const ScalingOptions& options);

}  // namespace zipp::launch
