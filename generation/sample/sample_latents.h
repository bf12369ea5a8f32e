// The denoising loop of sample_images (docs/generation.md "Sampling") without the decoder: the
// final samples in the denoiser's space. Tests read moments off these; sample_images decodes them.
#pragma once

#include <span>

#include <ATen/core/Tensor.h>

#include "generation/pipeline/pipeline.h"
#include "generation/sample/sample_images.h"

namespace zipp::generation {

// Final samples [B, C, h, w] (float32, on the pipeline's device) for the requests at an image of
// height x width pixels (options' size or the pipeline's default). Initial noise is
// init_noise_sigma times each request's first draw; stochastic samplers draw again at each step.
// With guidance != 1 every step evaluates the unconditional (negative prompt) and conditional
// rows in one denoise call and combines them with classifier_free_guidance; with guidance == 1
// only the conditional rows are evaluated. The scheduler clamps each step's predicted x_0 to the
// range resolve_clip_sample_range gives for options.clip_sample and the pipeline, if any. Runs in
// inference mode. ConfigError for bad options.
at::Tensor sample_latents(Pipeline& pipeline, std::span<const ImageRequest> requests,
                          const SamplingOptions& options);

// The image size a run uses: options' height and width, or the pipeline's default for a 0.
// ConfigError for a negative size.
std::int64_t resolved_height(const Pipeline& pipeline, const SamplingOptions& options);
std::int64_t resolved_width(const Pipeline& pipeline, const SamplingOptions& options);

}  // namespace zipp::generation
