// Restoring training from a checkpoint (docs/training.md "Checkpoints and stopping"): the model's
// parameters and buffers, the optimizer's state, this rank's RNG states, and the progress.
#pragma once

#include <filesystem>

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

// Collective; errors are agreed (core::CollectiveError on every rank, keeping the cause). Loads
// the parameters and buffers into `model` and the state into `optimizer` in place (tensors keep
// their storage and device), and rank R's RNG states from rng-rank<R>.pt. A checkpoint written by
// another number of ranks is a ConfigError naming both sizes: the RNG streams are per rank. Does
// not verify checksums (decide_resume does).
LoadedCheckpoint load_checkpoint(const core::comm::Communicator& comm,
                                 const std::filesystem::path& checkpoint, torch::nn::Module& model,
                                 torch::optim::Optimizer& optimizer);

// Only the model's parameters and buffers (for inference: `zipp embed`), copied in place. Every
// parameter and buffer of `model` must be in the checkpoint with the same shape and dtype, and
// the checkpoint must hold nothing else: ConfigError naming the first that differs (the model was
// built from another configuration than the checkpoint's config.yaml).
void load_model_parameters(const std::filesystem::path& checkpoint, torch::nn::Module& model);

}  // namespace zipp::training
