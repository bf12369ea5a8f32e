// A run's checkpoints directory (docs/training.md "Checkpoints and stopping"): collective,
// atomic saves of model, optimizer, progress, configuration and every rank's RNG states, and
// pruning to the newest `keep_last`. Formats: docs/formats.md "Checkpoint".
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "training/checkpoint/checkpoint_state.h"

namespace torch::nn {
class Module;
}  // namespace torch::nn
namespace torch::optim {
class Optimizer;
}  // namespace torch::optim
namespace zipp::core::comm {
class Communicator;
}  // namespace zipp::core::comm

namespace zipp::training {

class CheckpointStore {
 public:
  // `dir` is <run>/checkpoints (created by the first save). ConfigError if keep_last < 1.
  CheckpointStore(std::filesystem::path dir, std::int64_t keep_last);

  // Collective; every rank's files must land in one directory (a filesystem all ranks share).
  // Rank 0 writes model.pt, optimizer.pt, state.json (progress and `extra_json`, any JSON text
  // or ""), config.yaml (`config_yaml`); every rank writes rng-rank<R>.pt. They go into
  // dir/.step-<N>.tmp-<token>; after all ranks are done rank 0 writes the manifest, renames the
  // directory to dir/step-<global_step, 9 digits> (replacing one of the same step), prunes the
  // oldest complete checkpoints beyond keep_last (never the one just written) and stale
  // temporaries. A failure on any rank is agreed (core::CollectiveError on every rank), the
  // temporary is removed and nothing is renamed. Returns the checkpoint's path on every rank.
  std::filesystem::path save(const core::comm::Communicator& comm, const torch::nn::Module& model,
                             const torch::optim::Optimizer& optimizer,
                             const TrainingProgress& progress, const std::string& extra_json,
                             const std::string& config_yaml) const;

  // Complete checkpoints (manifest present), newest (highest global step) first.
  std::vector<std::filesystem::path> list() const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::int64_t keep_last_;
};

// Complete checkpoints in `dir`, newest first; empty when `dir` does not exist. IoError when it
// cannot be listed.
std::vector<std::filesystem::path> list_checkpoints(const std::filesystem::path& dir);

}  // namespace zipp::training
