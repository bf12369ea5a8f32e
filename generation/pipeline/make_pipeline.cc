#include "generation/pipeline/make_pipeline.h"

#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include "core/check.h"
#include "core/error.h"
#include "core/str.h"
#include "generation/builtin/tiny_pipeline.h"
#include "generation/torchscript/torchscript_pipeline.h"

namespace zipp::generation {

c10::Device choose_device(std::string_view setting, int local_rank) {
  if (setting == "cpu") return c10::Device(c10::kCPU);
  const int gpus = at::hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0;
  if (gpus == 0) {
    ZIPP_CHECK_T(core::ConfigError, setting != "cuda",
                 "generation.device=cuda, but this LibTorch sees no CUDA device (a CPU-only build "
                 "or no GPU on this node); use generation.device=auto or cpu");
    return c10::Device(c10::kCPU);
  }
  return c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(local_rank % gpus));
}

std::unique_ptr<Pipeline> make_pipeline(const GenerateConfig& config, c10::Device device) {
  if (config.model == "torchscript") {
    ZIPP_CHECK_T(
        core::ConfigError, !config.model_dir.empty(),
        "generation.model=torchscript needs generation.model_dir: the folder a TorchScript "
        "export wrote (docs/generation.md)");
    return load_torchscript_pipeline(config.model_dir, device);
  }
  ZIPP_CHECK_T(core::ConfigError, config.model == "builtin", "generation.model: unknown model ",
               core::quoted(config.model), "; expected builtin or torchscript");
  return load_tiny_pipeline(config.builtin_weights, device);
}

}  // namespace zipp::generation
