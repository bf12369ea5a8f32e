// Clipping the predicted x_0 (generation/sample/clip_sample.h, docs/generation.md "Sampling"):
//  - with an oracle whose x_0 lies outside [-1, 1], every sampler with clipping lands on the
//    clamped x_0 (so inside [-1, 1]) and without it on x_0 itself (outside);
//  - with a model whose x_0 estimates stay inside the range, clipping changes nothing (bitwise for
//    the sigma-space samplers, whose clamp is then the identity; within 1e-6 for DDIM, which
//    re-derives its noise from the clamped x_0);
//  - auto follows the pipeline, on and off override it; bad ranges and names are ConfigErrors.
#include "generation/sample/clip_sample.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/full.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/str.h"
#include "generation/sample/sample_latents.h"
#include "generation/schedule/make_scheduler.h"
#include "tests/generation/schedule/all_samplers.h"
#include "tests/generation/toy_pipelines.h"

namespace zipp::generation {
namespace {

using testing::GaussianPipeline;
using testing::OraclePipeline;

using testing::kAllSamplers;
using testing::Sampler;

NoiseScheduleSpec spec_with(Prediction prediction) {
  NoiseScheduleSpec spec;
  spec.prediction = prediction;
  return spec;
}

// A clean sample [3, 4, 5] with values spread over [-scale, scale].
at::Tensor clean_sample(double scale) {
  return (at::arange(60, at::kDouble).reshape({3, 4, 5}) * 0.73).sin() * scale;
}

double max_abs(const at::Tensor& x) { return x.abs().max().item<double>(); }

SamplingOptions options_for(const Sampler& sampler, std::int64_t steps, double guidance,
                            ClipSample clip) {
  SamplingOptions options;
  options.scheduler = sampler.kind;
  options.eta = sampler.eta;
  options.steps = steps;
  options.guidance = guidance;
  options.clip_sample = clip;
  return options;
}

TEST(ClipSample, OutOfRangeOracleIsClampedByEverySampler) {
  // x_0 in [-1.8, 1.8]: unclipped, every sampler lands on it (scheduler_test.cc); clipped, the
  // last step's x_0 estimate is clamp(x_0, -1, 1), and every sampler's last step returns that.
  const at::Tensor x0 = clean_sample(1.8);
  ASSERT_GT(max_abs(x0), 1.7);
  const at::Tensor clamped = x0.clamp(-1.0, 1.0).unsqueeze(0);
  const std::vector<ImageRequest> requests = {{"a", "", 1}, {"b", "", 2}};
  for (auto prediction : {Prediction::kEpsilon, Prediction::kV}) {
    for (auto spacing : {TimestepSpacing::kLeading, TimestepSpacing::kTrailing}) {
      for (const Sampler& sampler : kAllSamplers) {
        for (const std::int64_t steps : {1, 7, 30}) {
          const std::string label = core::str(sampler.label(), " ", prediction_name(prediction),
                                              " ", timestep_spacing_name(spacing), " ", steps);
          OraclePipeline pipeline(spec_with(prediction), x0, x0 * 0.0);
          SamplingOptions options = options_for(sampler, steps, 1.0, ClipSample::kOff);
          options.spacing = spacing;
          const at::Tensor free = sample_latents(pipeline, requests, options).to(at::kDouble);
          EXPECT_GT(max_abs(free), 1.7) << label;
          options.clip_sample = ClipSample::kOn;
          const at::Tensor clipped = sample_latents(pipeline, requests, options).to(at::kDouble);
          EXPECT_LE(max_abs(clipped), 1.0 + 1e-5) << label;
          EXPECT_LT(max_abs(clipped - clamped), 1e-4) << label;
        }
      }
    }
  }
}

TEST(ClipSample, GuidanceOvershootIsClamped) {
  // Guidance extrapolates the two oracles' x_0 (0.2 and 0.4) to 0.2 + 7.5 * 0.2 = 1.7 without
  // clipping (sample_images_test.cc); with it each step's x_0 is clamped and the run ends on 1.
  const at::Tensor cond = at::full({3, 2, 2}, 0.4, at::kDouble);
  const at::Tensor uncond = at::full({3, 2, 2}, 0.2, at::kDouble);
  const std::vector<ImageRequest> requests = {{"a cat", "", 7}, {"a dog", "", 8}};
  for (const Sampler& sampler : kAllSamplers) {
    OraclePipeline pipeline(NoiseScheduleSpec{}, cond, uncond);
    const at::Tensor free =
        sample_latents(pipeline, requests, options_for(sampler, 12, 7.5, ClipSample::kOff));
    EXPECT_LT(max_abs(free - 1.7), 1e-4) << sampler.label();
    const at::Tensor clipped =
        sample_latents(pipeline, requests, options_for(sampler, 12, 7.5, ClipSample::kOn));
    EXPECT_LT(max_abs(clipped - 1.0), 1e-5) << sampler.label();
  }
}

TEST(ClipSample, InRangeEstimatesAreUnchanged) {
  // The oracle at 0.9 of the range, and Gaussian data N(0.5, 0.1^2) (every x_0 estimate within a
  // few tenths of 0.5), with and without guidance: clipping on must give what clipping off gives.
  const at::Tensor x0 = clean_sample(0.9);
  const std::vector<ImageRequest> requests = {{"a", "", 1}, {"b", "blurry", 2}, {"", "", 3}};
  for (auto prediction : {Prediction::kEpsilon, Prediction::kV}) {
    for (const Sampler& sampler : kAllSamplers) {
      for (const double guidance : {1.0, 4.0}) {
        const std::string label =
            core::str(sampler.label(), " ", prediction_name(prediction), " guidance ", guidance);
        OraclePipeline oracle(spec_with(prediction), x0, x0);
        GaussianPipeline gaussian(spec_with(prediction), 0.5, 0.1, 0.45, 4, 5);
        for (Pipeline* pipeline :
             {static_cast<Pipeline*>(&oracle), static_cast<Pipeline*>(&gaussian)}) {
          const at::Tensor off = sample_latents(
              *pipeline, requests, options_for(sampler, 20, guidance, ClipSample::kOff));
          const at::Tensor on = sample_latents(*pipeline, requests,
                                               options_for(sampler, 20, guidance, ClipSample::kOn));
          ASSERT_LT(max_abs(off), 0.99) << label;
          if (sampler.kind == SchedulerKind::kDdim) {
            EXPECT_LT(max_abs(on - off), 1e-6) << label;
          } else {
            EXPECT_TRUE(at::equal(on, off)) << label << ": " << max_abs(on - off);
          }
        }
      }
    }
  }
}

TEST(ClipSample, DdimContinuesFromTheClampedEstimate) {
  // One DDIM step by hand: x0 from the model's noise, clamped, the noise re-derived from it,
  //   x_s = sqrt(a_s) clamp(x0) + sqrt(1 - a_s) (x_t - sqrt(a_t) clamp(x0)) / sqrt(1 - a_t).
  const NoiseScheduleSpec spec;
  auto ddim = make_scheduler(SchedulerKind::kDdim, spec, 10, 0.0, TimestepSpacing::kLeading, 1.0);
  const at::Tensor abar = alphas_cumprod(spec);
  const double a_t = abar[static_cast<std::int64_t>(ddim->timestep(0))].item<double>();
  const double a_s = abar[static_cast<std::int64_t>(ddim->timestep(1))].item<double>();
  const at::Tensor x_t = clean_sample(1.0).unsqueeze(0).to(at::kFloat);
  const at::Tensor eps = (clean_sample(1.0) * 1.3 + 0.4).unsqueeze(0).to(at::kFloat);
  const NoiseDraw no_noise = [] { return at::Tensor(); };
  const at::Tensor out = ddim->step(eps, 0, x_t, no_noise).to(at::kDouble);
  const at::Tensor xd = x_t.to(at::kDouble);
  const at::Tensor x0 = (xd - eps.to(at::kDouble) * std::sqrt(1.0 - a_t)) / std::sqrt(a_t);
  ASSERT_GT(max_abs(x0), 2.0);
  const at::Tensor c = x0.clamp(-1.0, 1.0);
  const at::Tensor expected =
      c * std::sqrt(a_s) + (xd - c * std::sqrt(a_t)) / std::sqrt(1.0 - a_t) * std::sqrt(1.0 - a_s);
  EXPECT_LT(max_abs(out - expected), 1e-5);
}

TEST(ClipSample, ClippedDdimAndEulerAreTheSameMap) {
  // Unclipped, DDIM (eta 0) and Euler are the same first-order map on the same timesteps; with
  // the noise re-derived from the clamped x0 (DDIM) and the derivative taken from the clamped D
  // (Euler) they stay the same map under clipping. Gaussian data N(0.8, 0.5^2) under guidance 3
  // put many x0 estimates outside [-1, 1].
  const std::vector<ImageRequest> requests = {{"a", "", 1}, {"b", "", 2}, {"c", "", 3}};
  for (const ClipSample clip : {ClipSample::kOff, ClipSample::kOn}) {
    GaussianPipeline pipeline(NoiseScheduleSpec{}, 0.8, 0.5, 0.5, 6, 6);
    const at::Tensor ddim =
        sample_latents(pipeline, requests, options_for({SchedulerKind::kDdim, 0.0}, 25, 3.0, clip));
    const at::Tensor euler = sample_latents(
        pipeline, requests, options_for({SchedulerKind::kEuler, 0.0}, 25, 3.0, clip));
    std::printf("%s: max |ddim - euler| %.3g, max |ddim| %.3f\n",
                std::string(clip_sample_name(clip)).c_str(), max_abs(ddim - euler), max_abs(ddim));
    EXPECT_LT(max_abs(ddim - euler), 1e-4) << clip_sample_name(clip);
  }
}

TEST(ClipSample, AutoFollowsThePipeline) {
  EXPECT_EQ(resolve_clip_sample_range(ClipSample::kAuto, std::nullopt), std::nullopt);
  EXPECT_EQ(resolve_clip_sample_range(ClipSample::kAuto, 2.5), 2.5);
  EXPECT_EQ(resolve_clip_sample_range(ClipSample::kOn, std::nullopt), kDefaultClipSampleRange);
  EXPECT_EQ(resolve_clip_sample_range(ClipSample::kOn, 2.5), 2.5);
  EXPECT_EQ(resolve_clip_sample_range(ClipSample::kOff, 2.5), std::nullopt);

  // Through the sampling loop: a pipeline asking for range 1 is clipped under auto and on, not
  // under off; one asking for nothing is clipped only under on.
  const at::Tensor x0 = clean_sample(1.8);
  const std::vector<ImageRequest> requests = {{"a", "", 1}};
  const Sampler ddim{SchedulerKind::kDdim, 0.0};
  for (const bool pixel_model : {true, false}) {
    OraclePipeline pipeline(NoiseScheduleSpec{}, x0, x0);
    if (pixel_model) pipeline.set_clip_sample_range(1.0);
    for (const ClipSample setting : {ClipSample::kAuto, ClipSample::kOn, ClipSample::kOff}) {
      const bool clipped =
          setting == ClipSample::kOn || (setting == ClipSample::kAuto && pixel_model);
      const at::Tensor out =
          sample_latents(pipeline, requests, options_for(ddim, 10, 1.0, setting));
      EXPECT_NEAR(max_abs(out), clipped ? 1.0 : max_abs(x0), 1e-4)
          << clip_sample_name(setting) << (pixel_model ? " pixel model" : " latent model");
    }
  }
  // A pipeline's own range is the one used.
  OraclePipeline wide(NoiseScheduleSpec{}, x0, x0);
  wide.set_clip_sample_range(1.5);
  EXPECT_NEAR(
      max_abs(sample_latents(wide, requests, options_for(ddim, 10, 1.0, ClipSample::kAuto))), 1.5,
      1e-4);
}

TEST(ClipSample, NamesAndBadRanges) {
  for (const ClipSample setting : {ClipSample::kAuto, ClipSample::kOn, ClipSample::kOff}) {
    EXPECT_EQ(parse_clip_sample(clip_sample_name(setting), "k"), setting);
  }
  try {
    parse_clip_sample("yes", "generation.clip_sample");
    FAIL() << "expected a ConfigError";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("generation.clip_sample"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("yes"), std::string::npos) << e.what();
  }
  for (const double bad : {0.0, -1.0, std::numeric_limits<double>::infinity(), std::nan("")}) {
    for (const Sampler& sampler : kAllSamplers) {
      try {
        make_scheduler(sampler.kind, NoiseScheduleSpec{}, 10, sampler.eta,
                       TimestepSpacing::kLeading, bad);
        FAIL() << "expected a ConfigError for range " << bad << " " << sampler.label();
      } catch (const core::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("clip_sample_range"), std::string::npos) << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace zipp::generation
