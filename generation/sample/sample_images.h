// One sampling loop for every pipeline and scheduler (docs/generation.md "Sampling"): each
// request's initial noise and every noise it later draws come from its own generator seeded by its
// seed, so a request's image depends on its prompt, seed and the options alone, never on the
// other requests in its batch, the batch size or the rank that drew it.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include <ATen/core/Tensor.h>

#include "generation/pipeline/pipeline.h"
#include "generation/sample/clip_sample.h"
#include "generation/schedule/scheduler_kind.h"
#include "generation/schedule/timestep_spacing.h"

namespace zipp::generation {

struct SamplingOptions {
  SchedulerKind scheduler = SchedulerKind::kDdim;
  std::int64_t steps = 25;
  double guidance = 7.5;    // classifier-free guidance scale; 1 = the conditional prediction alone
  double eta = 0.0;         // DDIM's stochasticity (0: deterministic)
  std::int64_t height = 0;  // 0: the pipeline's default
  std::int64_t width = 0;
  // Which training timesteps the steps visit (generation/schedule/timestep_spacing.h).
  TimestepSpacing spacing = TimestepSpacing::kLeading;
  // Whether the predicted x_0 is clamped at each step (generation/sample/clip_sample.h); auto:
  // as the pipeline says (Pipeline::clip_sample_range).
  ClipSample clip_sample = ClipSample::kAuto;
};

struct ImageRequest {
  std::string prompt;
  std::string negative_prompt;  // the unconditional input of guidance ("" by default)
  std::uint64_t seed = 0;
};

// Images [B, height, width, 3] uint8 (RGB, CPU, contiguous), row i for requests[i]: the decoded
// [0, 1] images clamped, times 255, rounded. ConfigError for bad options (steps, eta, size).
at::Tensor sample_images(Pipeline& pipeline, std::span<const ImageRequest> requests,
                         const SamplingOptions& options);

}  // namespace zipp::generation
