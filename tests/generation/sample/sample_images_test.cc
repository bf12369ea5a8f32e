// The sampling loop: guidance applied with one batched denoise call per step, the same seed
// giving the same image, a request's image not depending on its batch, and the uint8 images.
#include "generation/sample/sample_images.h"

#include <cmath>
#include <string>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/full.h>
#include <ATen/ops/tensor.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "generation/sample/sample_latents.h"
#include "tests/generation/toy_pipelines.h"

namespace zipp::generation {
namespace {

using testing::GaussianPipeline;
using testing::OraclePipeline;

const std::vector<SchedulerKind> kKinds = {SchedulerKind::kDdim, SchedulerKind::kEuler,
                                           SchedulerKind::kEulerAncestral,
                                           SchedulerKind::kDpmSolverPp2m};

TEST(SampleImages, GuidanceExtrapolatesBetweenTheTwoOracles) {
  // The oracle's noise prediction is affine in x_0 with coefficients that sum to one over the
  // two predictions, so guided sampling with scale g lands on uncond + g (cond - uncond).
  const at::Tensor cond = at::full({3, 2, 2}, 0.4, at::kDouble);
  const at::Tensor uncond = at::full({3, 2, 2}, 0.2, at::kDouble);
  const std::vector<ImageRequest> requests = {{"a cat", "", 7}, {"a dog", "", 8}};
  for (const SchedulerKind kind : kKinds) {
    for (const double g : {0.0, 1.0, 3.0, 7.5}) {
      OraclePipeline pipeline(NoiseScheduleSpec{}, cond, uncond);
      SamplingOptions options;
      options.scheduler = kind;
      options.steps = 12;
      options.guidance = g;
      const at::Tensor out = sample_latents(pipeline, requests, options);
      const double expected = 0.2 + g * 0.2;
      EXPECT_LT((out - expected).abs().max().item<double>(), 1e-4)
          << scheduler_kind_name(kind) << " guidance " << g;
      // One denoise call per step, both halves batched together unless the scale is 1.
      ASSERT_EQ(pipeline.denoise_batches().size(), 12u);
      for (const std::int64_t rows : pipeline.denoise_batches()) {
        EXPECT_EQ(rows, g == 1.0 ? 2 : 4);
      }
    }
  }
}

TEST(SampleImages, NegativePromptIsTheUnconditionalInput) {
  // A non-empty negative prompt takes the conditional oracle's x_0: guidance has nothing to
  // extrapolate from, and the result is the conditional x_0 at any scale.
  const at::Tensor cond = at::full({3, 2, 2}, 0.4, at::kDouble);
  const at::Tensor uncond = at::full({3, 2, 2}, 0.2, at::kDouble);
  OraclePipeline pipeline(NoiseScheduleSpec{}, cond, uncond);
  SamplingOptions options;
  options.steps = 10;
  options.guidance = 5.0;
  const std::vector<ImageRequest> requests = {{"a cat", "blurry", 7}};
  EXPECT_LT((sample_latents(pipeline, requests, options) - 0.4).abs().max().item<double>(), 1e-4);
}

SamplingOptions options_for(SchedulerKind kind, double eta = 0.0) {
  SamplingOptions options;
  options.scheduler = kind;
  options.eta = eta;
  options.steps = 8;
  options.guidance = 4.0;
  return options;
}

TEST(SampleImages, SameSeedSameImage) {
  const std::vector<ImageRequest> a = {{"x", "", 42}};
  const std::vector<ImageRequest> b = {{"x", "", 43}};
  for (const SchedulerKind kind : kKinds) {
    GaussianPipeline pipeline(NoiseScheduleSpec{}, 0.5, 0.2, 0.3, 6, 5);
    const at::Tensor first = sample_latents(pipeline, a, options_for(kind, 1.0));
    const at::Tensor again = sample_latents(pipeline, a, options_for(kind, 1.0));
    const at::Tensor other = sample_latents(pipeline, b, options_for(kind, 1.0));
    EXPECT_TRUE(at::equal(first, again)) << scheduler_kind_name(kind);
    EXPECT_FALSE(at::equal(first, other)) << scheduler_kind_name(kind);
  }
}

TEST(SampleImages, RequestsDoNotDependOnTheirBatch) {
  const ImageRequest a{"a cat", "", 11};
  const ImageRequest b{"a dog", "blurry", 12};
  const ImageRequest c{"", "", 13};
  struct Case {
    SchedulerKind kind;
    double eta;
  };
  for (const Case& sampler :
       {Case{SchedulerKind::kDdim, 0.0}, Case{SchedulerKind::kDdim, 1.0},
        Case{SchedulerKind::kEuler, 0.0}, Case{SchedulerKind::kEulerAncestral, 0.0},
        Case{SchedulerKind::kDpmSolverPp2m, 0.0}}) {
    for (const double guidance : {1.0, 4.0}) {
      GaussianPipeline pipeline(NoiseScheduleSpec{}, 0.5, 0.2, 0.3, 6, 5);
      SamplingOptions options = options_for(sampler.kind, sampler.eta);
      options.guidance = guidance;
      const std::vector<ImageRequest> alone = {a};
      const at::Tensor reference = sample_latents(pipeline, alone, options);
      const at::Tensor reference_image = sample_images(pipeline, alone, options);
      const std::vector<std::vector<ImageRequest>> batches = {{a, b, c}, {b, a, c}, {b, c, a}};
      for (std::size_t position = 0; position < batches.size(); ++position) {
        const at::Tensor latents = sample_latents(pipeline, batches[position], options);
        const at::Tensor images = sample_images(pipeline, batches[position], options);
        const auto row = static_cast<std::int64_t>(position);
        EXPECT_TRUE(at::equal(latents[row], reference[0]))
            << scheduler_kind_name(sampler.kind) << " eta " << sampler.eta << " guidance "
            << guidance << " position " << position;
        EXPECT_TRUE(at::equal(images[row], reference_image[0]));
      }
    }
  }
}

TEST(SampleImages, Uint8ImagesInRowsColumnsChannels) {
  // x_0 per channel: 0.25, 0.6, 0.2, with pixel (0, 0) of channel 0 at -0.5 and pixel (1, 2)
  // of channel 2 at 1.5: round(clamp(x, 0, 1) * 255) = 64, 153, 51, 0 and 255.
  at::Tensor x0 = at::empty({3, 2, 3}, at::kDouble);
  x0[0].fill_(0.25);
  x0[1].fill_(0.6);
  x0[2].fill_(0.2);
  x0[0][0][0] = -0.5;
  x0[2][1][2] = 1.5;
  OraclePipeline pipeline(NoiseScheduleSpec{}, x0, x0);
  SamplingOptions options;
  options.steps = 10;
  const std::vector<ImageRequest> requests = {{"p", "", 1}, {"q", "", 2}};
  const at::Tensor images = sample_images(pipeline, requests, options);
  ASSERT_EQ(images.scalar_type(), at::kByte);
  ASSERT_EQ(images.sizes(), (std::vector<std::int64_t>{2, 2, 3, 3}));
  ASSERT_TRUE(images.is_contiguous());
  // Ordinary tensors, not inference tensors: callers may change them in place.
  EXPECT_FALSE(images.is_inference());
  EXPECT_FALSE(sample_latents(pipeline, requests, options).is_inference());
  for (std::int64_t b = 0; b < 2; ++b) {
    for (std::int64_t y = 0; y < 2; ++y) {
      for (std::int64_t x = 0; x < 3; ++x) {
        EXPECT_EQ(images[b][y][x][0].item<int>(), y == 0 && x == 0 ? 0 : 64);
        EXPECT_EQ(images[b][y][x][1].item<int>(), 153);
        EXPECT_EQ(images[b][y][x][2].item<int>(), y == 1 && x == 2 ? 255 : 51);
      }
    }
  }
  // An explicit size overrides the model's default; an empty batch is an empty tensor.
  options.height = 4;
  options.width = 2;
  GaussianPipeline gaussian(NoiseScheduleSpec{}, 0.5, 0.2, 0.3, 6, 5);
  EXPECT_EQ(sample_images(gaussian, requests, options).sizes(),
            (std::vector<std::int64_t>{2, 4, 2, 3}));
  EXPECT_EQ(sample_images(gaussian, {}, options).size(0), 0);
}

TEST(SampleImages, BadOptionsAreConfigErrors) {
  GaussianPipeline pipeline(NoiseScheduleSpec{}, 0.5, 0.2, 0.3, 6, 5);
  const std::vector<ImageRequest> requests = {{"p", "", 1}};
  SamplingOptions options;
  options.steps = 0;
  EXPECT_THROW(sample_images(pipeline, requests, options), core::ConfigError);
  options = SamplingOptions{};
  options.height = -4;
  EXPECT_THROW(sample_images(pipeline, requests, options), core::ConfigError);
  options = SamplingOptions{};
  options.guidance = std::nan("");
  EXPECT_THROW(sample_images(pipeline, requests, options), core::ConfigError);
}

}  // namespace
}  // namespace zipp::generation
