#include "training/checkpoint/load_checkpoint.h"

#include <set>
#include <string>

#include <ATen/core/grad_mode.h>
#include <c10/util/Exception.h>
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/input-archive.h>

#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/error.h"
#include "core/str.h"
#include "training/checkpoint/checkpoint_layout.h"
#include "training/checkpoint/rng_state.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;

// Where a checkpoint's model differs from the model being loaded into.
class ModelMismatch {
 public:
  explicit ModelMismatch(const fs::path& checkpoint)
      : where_(
            core::str("checkpoint ", core::quoted(checkpoint.string()), ": ", kModelFile, ": ")) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw core::ConfigError(core::str(where_, what,
                                      "; the model was built from another configuration than the "
                                      "checkpoint's config.yaml"));
  }

 private:
  std::string where_;
};

std::string ranks_text(std::int64_t ranks) {
  return core::str(ranks, ranks == 1 ? " rank" : " ranks");
}

std::string shape_of(const at::Tensor& tensor) { return core::str(tensor.sizes()); }

void load_tensor(torch::serialize::InputArchive& archive, const std::string& key,
                 at::Tensor& target, bool is_buffer, const std::string& name,
                 const ModelMismatch& mismatch) {
  at::Tensor saved;
  const char* kind = is_buffer ? "buffer " : "parameter ";
  if (!archive.try_read(key, saved, is_buffer)) mismatch.fail(core::str("no ", kind, name));
  if (saved.sizes() != target.sizes() || saved.scalar_type() != target.scalar_type()) {
    mismatch.fail(core::str(kind, name, " is ", saved.scalar_type(), " ", shape_of(saved),
                            " there, ", target.scalar_type(), " ", shape_of(target), " here"));
  }
  at::NoGradGuard no_grad;
  target.copy_(saved);
}

// Module::load would replace each tensor with the saved one whatever its shape; this walks the
// same layout (Module::save: own parameters and buffers, then a nested archive per child) and
// copies into the existing tensors after checking them.
void load_module(torch::nn::Module& module, torch::serialize::InputArchive& archive,
                 const std::string& prefix, const ModelMismatch& mismatch) {
  std::set<std::string> known;
  for (auto& parameter : module.named_parameters(/*recurse=*/false)) {
    load_tensor(archive, parameter.key(), parameter.value(), false, prefix + parameter.key(),
                mismatch);
    known.insert(parameter.key());
  }
  for (auto& buffer : module.named_buffers(/*recurse=*/false)) {
    load_tensor(archive, buffer.key(), buffer.value(), true, prefix + buffer.key(), mismatch);
    known.insert(buffer.key());
  }
  for (const auto& child : module.named_children()) {
    if (!child.value()->is_serializable()) continue;
    torch::serialize::InputArchive child_archive;
    if (!archive.try_read(child.key(), child_archive)) {
      mismatch.fail(core::str("no module ", prefix, child.key()));
    }
    load_module(*child.value(), child_archive, prefix + child.key() + ".", mismatch);
    known.insert(child.key());
  }
  // The archive also holds attributes that are neither (a module's `training` flag).
  for (const std::string& key : archive.keys()) {
    if (known.count(key) != 0) continue;
    c10::IValue value;
    if (archive.try_read(key, value) && (value.isTensor() || value.isObject())) {
      mismatch.fail(core::str(prefix, key, " is in the checkpoint but not in this model"));
    }
  }
}

c10::Device device_of(const std::vector<at::Tensor>& tensors) {
  return tensors.empty() ? c10::Device(c10::DeviceType::CPU) : tensors.front().device();
}

// LibTorch 1.13's Optimizer::load restores the per-parameter state but leaves each group's
// options (lr, betas, weight decay, ...) as constructed; the archive holds them, in the layout of
// torch/optim/serialize.h, and each options type reads its own fields back.
void load_group_options(torch::serialize::InputArchive& archive,
                        torch::optim::Optimizer& optimizer) {
  torch::serialize::InputArchive groups;
  archive.read("param_groups", groups);
  for (std::size_t i = 0; i < optimizer.param_groups().size(); ++i) {
    torch::serialize::InputArchive group;
    groups.read(core::str("param_groups/", i), group);
    torch::serialize::InputArchive options;
    group.read("options", options);
    optimizer.param_groups()[i].options().serialize(options);
  }
}

void load_optimizer_state(const fs::path& checkpoint, torch::optim::Optimizer& optimizer) {
  const fs::path path = checkpoint / kOptimizerFile;
  const auto& groups = optimizer.param_groups();
  const c10::Device device =
      groups.empty() ? c10::Device(c10::DeviceType::CPU) : device_of(groups.front().params());
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path.string(), device);
    optimizer.load(archive);
    load_group_options(archive, optimizer);
  } catch (const c10::Error& error) {
    throw core::ConfigError(core::str(
        "checkpoint ", core::quoted(checkpoint.string()), ": ", kOptimizerFile,
        " does not fit this optimizer (", error.what_without_backtrace(),
        "); the optimizer or model was built from another configuration than the checkpoint's "
        "config.yaml"));
  }
}

}  // namespace

void load_model_parameters(const fs::path& checkpoint, torch::nn::Module& model) {
  const fs::path path = checkpoint / kModelFile;
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path.string(), device_of(model.parameters()));
  } catch (const c10::Error& error) {
    throw core::InputError(core::str("checkpoint ", core::quoted(checkpoint.string()),
                                     ": cannot read ", kModelFile, ": ",
                                     error.what_without_backtrace()));
  }
  try {
    load_module(model, archive, "", ModelMismatch(checkpoint));
  } catch (const c10::Error& error) {
    throw core::InputError(core::str("checkpoint ", core::quoted(checkpoint.string()), ": ",
                                     kModelFile, ": ", error.what_without_backtrace()));
  }
}

LoadedCheckpoint load_checkpoint(const core::comm::Communicator& comm, const fs::path& checkpoint,
                                 torch::nn::Module& model, torch::optim::Optimizer& optimizer) {
  LoadedCheckpoint loaded;
  core::comm::agree_on_setup(
      comm,
      [&] {
        loaded = read_checkpoint_state(checkpoint);
        if (loaded.progress.world_size != comm.size()) {
          throw core::ConfigError(core::str(
              "checkpoint ", core::quoted(checkpoint.string()), " was written by ",
              ranks_text(loaded.progress.world_size), ", this job has ", ranks_text(comm.size()),
              ": the random number streams are per rank; resume with ",
              ranks_text(loaded.progress.world_size),
              ", or train from scratch in another run directory"));
        }
        load_model_parameters(checkpoint, model);
        load_optimizer_state(checkpoint, optimizer);
        restore_rng_state(checkpoint / rng_file_name(comm.rank()));
      },
      core::str("loading checkpoint ", core::quoted(checkpoint.string())));
  return loaded;
}

}  // namespace zipp::training
