// One rank's random number generator states in a checkpoint (`rng-rank<R>.pt`): LibTorch's
// default CPU generator, which dropout and the model's initialisation draw from, and each CUDA
// device's default generator when this LibTorch has CUDA and sees devices. zipp's own streams
// (core/random) are keyed by (seed, epoch, step, ...) and need no state.
#pragma once

#include <filesystem>

namespace zipp::training {

// Writes this process's generator states to `path` (torch serialize archive) and fsyncs it.
// IoError naming the file when it cannot be written.
void save_rng_state(const std::filesystem::path& path);

// Restores the states save_rng_state wrote. CUDA states are restored for the devices present
// here; any that cannot be (another device count, a LibTorch without CUDA) are named in a
// warning, since only GPU draws differ. InputError naming the file when it is unreadable or a
// state does not fit its generator.
void restore_rng_state(const std::filesystem::path& path);

}  // namespace zipp::training
