#include "training/checkpoint/checkpoint_store.h"

#include <algorithm>
#include <chrono>
#include <system_error>
#include <utility>

#include <c10/util/Exception.h>
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/output-archive.h>
#include <unistd.h>

#include "core/check.h"
#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "training/checkpoint/checkpoint_layout.h"
#include "training/checkpoint/checkpoint_manifest.h"
#include "training/checkpoint/file_checksum.h"
#include "training/checkpoint/rng_state.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;

// Rank 0's token names this save's temporary on every rank; pid and clock keep two saves (of
// this job or one that died) from sharing a temporary.
std::string agreed_token(const core::comm::Communicator& comm) {
  std::int64_t token = 0;
  if (comm.rank() == 0) {
    const auto now = std::chrono::system_clock::now().time_since_epoch().count();
    token = static_cast<std::int64_t>(
        core::hash_keys({static_cast<std::uint64_t>(::getpid()), static_cast<std::uint64_t>(now)}));
  }
  token = core::comm::broadcast_ints(comm, {token}, 0)[0];
  return checksum_hex(static_cast<std::uint64_t>(token));
}

template <class Saveable>
void save_archive(const Saveable& object, const fs::path& path) {
  try {
    torch::serialize::OutputArchive archive;
    object.save(archive);
    archive.save_to(path.string());
  } catch (const c10::Error& error) {
    throw core::IoError(core::str("cannot write ", core::quoted(path.string()), ": ",
                                  error.what_without_backtrace()));
  }
  core::fsync_file(path);
}

void remove_quietly(const fs::path& path) {
  std::error_code error;
  fs::remove_all(path, error);
  if (error) {
    ZIPP_LOG_WARN("cannot remove ", core::quoted(path.string()), ": ", error.message());
  }
}

// Moves a checkpoint of the same step aside (a stop right after a resume saves the step it
// resumed from again), so the rename cannot fail on a non-empty target; the prune removes it.
void publish(const fs::path& temporary, const fs::path& final_path, const std::string& token) {
  std::error_code error;
  if (fs::exists(final_path, error)) {
    const fs::path aside =
        final_path.parent_path() /
        temporary_checkpoint_name(*parse_checkpoint_name(final_path.filename().string()),
                                  token + "-replaced");
    core::rename_durably(final_path, aside);
  }
  core::rename_durably(temporary, final_path);
}

// Failing to prune leaves extra files, not a bad checkpoint: a warning, not an error.
void prune(const fs::path& dir, const fs::path& kept, std::int64_t keep_last) {
  try {
    std::int64_t complete = 0;
    for (const fs::path& checkpoint : list_checkpoints(dir)) {
      if (checkpoint == kept || ++complete <= keep_last - 1) continue;
      ZIPP_LOG_DEBUG("removing checkpoint ", checkpoint.string(), " (keep_last ", keep_last, ")");
      remove_quietly(checkpoint);
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      if (is_temporary_checkpoint_name(entry.path().filename().string())) {
        ZIPP_LOG_DEBUG("removing stale checkpoint temporary ", entry.path().string());
        remove_quietly(entry.path());
      }
    }
  } catch (const std::exception& error) {
    ZIPP_LOG_WARN("cannot prune checkpoints in ", core::quoted(dir.string()), ": ", error.what());
  }
}

}  // namespace

CheckpointStore::CheckpointStore(fs::path dir, std::int64_t keep_last)
    : dir_(std::move(dir)), keep_last_(keep_last) {
  ZIPP_CHECK_T(core::ConfigError, keep_last_ >= 1, "checkpoints to keep (in ",
               core::quoted(dir_.string()), "): at least the newest one must be kept, found ",
               keep_last_);
}

fs::path CheckpointStore::save(const core::comm::Communicator& comm, const torch::nn::Module& model,
                               const torch::optim::Optimizer& optimizer,
                               const TrainingProgress& progress, const std::string& extra_json,
                               const std::string& config_yaml) const {
  ZIPP_ASSERT(progress.world_size == comm.size(), "checkpoint progress.world_size ",
              progress.world_size, " differs from the communicator's size ", comm.size());
  ZIPP_ASSERT(progress.global_step >= 0 && progress.epoch >= 0 && progress.step >= 0,
              "checkpoint progress must not be negative");
  const std::string token = agreed_token(comm);
  const fs::path temporary = dir_ / temporary_checkpoint_name(progress.global_step, token);
  const fs::path final_path = dir_ / checkpoint_name(progress.global_step);
  const std::string what = core::str("saving checkpoint ", core::quoted(final_path.string()));
  const bool lead = comm.rank() == 0;
  try {
    core::comm::agree_on_setup(
        comm,
        [&] {
          if (!lead) return;
          fs::create_directories(dir_);
          ZIPP_CHECK_T(core::IoError, fs::create_directory(temporary), "cannot create ",
                       core::quoted(temporary.string()), ": it exists already");
        },
        what);
    core::comm::agree_on_setup(
        comm,
        [&] {
          if (lead) {
            save_archive(model, temporary / kModelFile);
            save_archive(optimizer, temporary / kOptimizerFile);
            core::write_file_atomic(temporary / kStateFile,
                                    encode_checkpoint_state(progress, extra_json));
            core::write_file_atomic(temporary / kConfigFile, config_yaml);
          }
          save_rng_state(temporary / rng_file_name(comm.rank()));
        },
        what);
    core::comm::agree_on_setup(
        comm,
        [&] {
          if (!lead) return;
          const std::vector<std::string> files = checkpoint_files(comm.size());
          for (const std::string& name : files) {
            ZIPP_CHECK_T(core::IoError, fs::exists(temporary / name), core::quoted(name),
                         " written by its rank is not in ", core::quoted(temporary.string()),
                         ": every rank must see the same checkpoint directory (a shared "
                         "filesystem)");
          }
          write_manifest(temporary, files, progress.global_step, comm.size());
          core::fsync_directory(temporary);
          publish(temporary, final_path, token);
        },
        what);
  } catch (...) {
    if (lead) remove_quietly(temporary);
    throw;
  }
  if (lead) prune(dir_, final_path, keep_last_);
  return final_path;
}

std::vector<fs::path> CheckpointStore::list() const { return list_checkpoints(dir_); }

std::vector<fs::path> list_checkpoints(const fs::path& dir) {
  std::vector<std::pair<std::int64_t, fs::path>> found;
  std::error_code error;
  if (!fs::is_directory(dir, error)) return {};
  try {
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      const auto step = parse_checkpoint_name(entry.path().filename().string());
      if (step && entry.is_directory() && is_complete_checkpoint(entry.path())) {
        found.emplace_back(*step, entry.path());
      }
    }
  } catch (const fs::filesystem_error& list_error) {
    throw core::IoError(core::str("cannot list checkpoints in ", core::quoted(dir.string()), ": ",
                                  list_error.code().message()));
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<fs::path> paths;
  paths.reserve(found.size());
  for (auto& entry : found) paths.push_back(std::move(entry.second));
  return paths;
}

}  // namespace zipp::training
