// The weights shipped in generation/builtin/weights: they load, generate images of the trained
// size through sample_images, and opposite style words give measurably different images.
#include <ATen/TensorOperators.h>
#include <ATen/ops/equal.h>
#include <gtest/gtest.h>

#include "generation/builtin/pixel_statistics.h"
#include "generation/builtin/tiny_pipeline.h"
#include "generation/sample/sample_images.h"

namespace zipp::generation::builtin {
namespace {

const std::string kWeights = std::string(ZIPP_SOURCE_DIR) + "/generation/builtin/weights";

// Mean pixel statistics of images of `subjects` with `style` appended, seeds 0..seeds-1.
at::Tensor style_statistics(Pipeline& pipeline, const std::vector<std::string>& subjects,
                            const std::string& style, std::int64_t seeds) {
  std::vector<ImageRequest> requests;
  for (const auto& subject : subjects) {
    for (std::int64_t s = 0; s < seeds; ++s) {
      requests.push_back({subject + ", " + style, "", static_cast<std::uint64_t>(s)});
    }
  }
  SamplingOptions options;
  options.steps = 25;
  options.guidance = 7.5;
  const at::Tensor images = sample_images(pipeline, requests, options);
  return pixel_statistics(images.permute({0, 3, 1, 2}).to(at::kFloat) / 255.0).mean(0);
}

TEST(ShippedTinyWeightsTest, LoadAndGenerate) {
  auto pipeline = load_tiny_pipeline(kWeights, c10::Device(c10::kCPU));
  EXPECT_EQ(pipeline->name().rfind("builtin-tiny/", 0), 0U) << pipeline->name();
  EXPECT_EQ(pipeline->name().size(), std::string("builtin-tiny/").size() + 12);
  ASSERT_EQ(pipeline->default_height(), 32);
  SamplingOptions options;
  options.steps = 10;
  const std::vector<ImageRequest> requests = {
      {"a lighthouse on a rocky coast, pink and teal neon", "", 3},
      {"a lighthouse on a rocky coast, high contrast black and white", "", 3}};
  const at::Tensor images = sample_images(*pipeline, requests, options);
  ASSERT_EQ(images.sizes(), (c10::IntArrayRef{2, 32, 32, 3}));
  EXPECT_FALSE(at::equal(images[0], images[1]));
  // Same prompt and seed, same image.
  EXPECT_TRUE(at::equal(images.narrow(0, 0, 1),
                        sample_images(*pipeline, std::span(requests).first(1), options)));
}

// What bench_tiny_separation measures at the default guidance (docs/generation.md): the plain
// adjectives and vaporwave's colour words move their own axes the right way. (Not every axis of
// every archetype does: the shipped model is small and briefly trained.)
TEST(ShippedTinyWeightsTest, OppositeStyleWordsMoveTheirAxes) {
  auto pipeline = load_tiny_pipeline(kWeights, c10::Device(c10::kCPU));
  const std::vector<std::string> subjects = {"a cat sleeping on a windowsill",
                                             "a mountain lake at dawn", "market stall at noon"};
  auto stats = [&](const std::string& style) {
    return style_statistics(*pipeline, subjects, style, 3);
  };
  const at::Tensor vivid = stats("vivid");
  const at::Tensor muted = stats("muted");
  EXPECT_GT(vivid[1].item<float>(), muted[1].item<float>()) << vivid << muted;
  const at::Tensor bright = stats("bright");
  const at::Tensor dark = stats("dark");
  EXPECT_GT(bright[2].item<float>(), dark[2].item<float>()) << bright << dark;
  const at::Tensor warm = stats("warm");
  const at::Tensor cool = stats("cool");
  EXPECT_GT(warm[0].item<float>(), cool[0].item<float>()) << warm << cool;
  const at::Tensor vapor = stats("pink and teal neon");
  const at::Tensor street = stats("high contrast black and white");
  EXPECT_GT(vapor[1].item<float>(), street[1].item<float>()) << vapor << street;
}

}  // namespace
}  // namespace zipp::generation::builtin
