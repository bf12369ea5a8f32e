#include "training/checkpoint/rng_state.h"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>

#include <ATen/Context.h>
#include <ATen/core/Generator.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/util/Exception.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/log.h"
#include "core/str.h"

namespace zipp::training {
namespace {

constexpr const char* kCpuKey = "cpu";
constexpr const char* kCudaCountKey = "cuda_devices";

std::string cuda_key(std::int64_t device) { return core::str("cuda", device); }

std::int64_t cuda_devices_here() {
  return at::hasCUDA() ? static_cast<std::int64_t>(at::detail::getCUDAHooks().getNumGPUs()) : 0;
}

const at::Generator& cuda_generator(std::int64_t device) {
  return at::globalContext().defaultGenerator(
      c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(device)));
}

// A Generator is a shared handle: a copy reads and changes the default generator itself.
at::Tensor state_of(at::Generator generator) {
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

void set_state(at::Generator generator, const at::Tensor& state) {
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
}

}  // namespace

void save_rng_state(const std::filesystem::path& path) {
  try {
    torch::serialize::OutputArchive archive;
    archive.write(kCpuKey, state_of(at::globalContext().defaultGenerator(c10::DeviceType::CPU)));
    const std::int64_t devices = cuda_devices_here();
    archive.write(kCudaCountKey, c10::IValue(devices));
    for (std::int64_t device = 0; device < devices; ++device) {
      archive.write(cuda_key(device), state_of(cuda_generator(device)));
    }
    archive.save_to(path.string());
  } catch (const c10::Error& error) {
    throw core::IoError(core::str("cannot write ", core::quoted(path.string()), ": ",
                                  error.what_without_backtrace()));
  }
  core::fsync_file(path);
}

void restore_rng_state(const std::filesystem::path& path) {
  const auto fail = [&](const std::string& why) {
    return core::InputError(
        core::str("cannot restore RNG states from ", core::quoted(path.string()), ": ", why));
  };
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path.string());
    at::Tensor cpu;
    if (!archive.try_read(kCpuKey, cpu)) throw fail("no CPU generator state");
    set_state(at::globalContext().defaultGenerator(c10::DeviceType::CPU), cpu);

    c10::IValue saved_count;
    if (!archive.try_read(kCudaCountKey, saved_count) || !saved_count.isInt()) {
      throw fail("no CUDA device count");
    }
    const std::int64_t saved = saved_count.toInt();
    const std::int64_t here = cuda_devices_here();
    for (std::int64_t device = 0; device < std::min(saved, here); ++device) {
      at::Tensor state;
      if (!archive.try_read(cuda_key(device), state))
        throw fail(core::str("no ", cuda_key(device)));
      set_state(cuda_generator(device), state);
    }
    if (saved != here) {
      ZIPP_LOG_ONE(kWarn, "RNG states in ", core::quoted(path.string()), " are for ", saved,
                   " CUDA device(s), this process sees ", here, ": restored ",
                   std::min(saved, here), "; GPU random draws will differ from the original run");
    }
  } catch (const c10::Error& error) {
    throw fail(error.what_without_backtrace());
  }
}

}  // namespace zipp::training
