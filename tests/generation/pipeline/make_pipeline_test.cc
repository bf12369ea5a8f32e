// make_pipeline and choose_device: the generation section picks the model, the local rank the
// device; impossible requests are configuration errors that say what to change.
#include "generation/pipeline/make_pipeline.h"

#include <string>

#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::generation {
namespace {

int gpus() { return at::hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0; }

TEST(MakePipeline, TheDeviceFollowsTheSettingAndTheLocalRank) {
  EXPECT_EQ(choose_device("cpu", 3), c10::Device(c10::kCPU));
  if (gpus() == 0) {
    EXPECT_EQ(choose_device("auto", 1), c10::Device(c10::kCPU));
    try {
      choose_device("cuda", 0);
      FAIL() << "cuda accepted without a GPU";
    } catch (const core::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("generation.device=auto or cpu"), std::string::npos);
    }
  } else {
    EXPECT_EQ(choose_device("auto", gpus() + 1),
              c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(1 % gpus())));
  }
}

TEST(MakePipeline, BuiltinLoadsTheShippedWeights) {
  GenerateConfig config;
  config.builtin_weights = std::string(ZIPP_SOURCE_DIR) + "/generation/builtin/weights";
  const auto pipeline = make_pipeline(config, c10::Device(c10::kCPU));
  EXPECT_EQ(pipeline->name().rfind("builtin-tiny/", 0), 0U) << pipeline->name();
  EXPECT_GT(pipeline->default_height(), 0);
}

TEST(MakePipeline, TorchscriptNeedsAModelDirectory) {
  GenerateConfig config;
  config.model = "torchscript";
  EXPECT_THROW(make_pipeline(config, c10::Device(c10::kCPU)), core::ConfigError);
  config.model = "builtin";
  config.builtin_weights = "/nonexistent/weights";
  EXPECT_THROW(make_pipeline(config, c10::Device(c10::kCPU)), core::Error);
}

}  // namespace
}  // namespace zipp::generation
