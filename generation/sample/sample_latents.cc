#include "generation/sample/sample_latents.h"

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/full.h>
#include <c10/core/InferenceMode.h>
#include <c10/core/TensorOptions.h>

#include "core/check.h"
#include "core/error.h"
#include "generation/sample/request_noise.h"
#include "generation/schedule/guidance.h"
#include "generation/schedule/make_scheduler.h"

namespace zipp::generation {
namespace {

std::int64_t resolved_size(std::int64_t requested, std::int64_t fallback, const char* key) {
  ZIPP_CHECK_T(core::ConfigError, requested >= 0, "key '", key,
               "': expected an image size > 0 (or 0 for the model's default), found ", requested);
  return requested == 0 ? fallback : requested;
}

at::Tensor denoise_requests(Pipeline& pipeline, std::span<const ImageRequest> requests,
                            const SamplingOptions& options) {
  const LatentShape shape =
      pipeline.latent_shape(resolved_height(pipeline, options), resolved_width(pipeline, options));
  std::unique_ptr<Scheduler> scheduler = make_scheduler(
      options.scheduler, pipeline.noise_schedule(), options.steps, options.eta, options.spacing,
      resolve_clip_sample_range(options.clip_sample, pipeline.clip_sample_range()));
  const c10::Device device = pipeline.device();
  const auto batch = static_cast<std::int64_t>(requests.size());
  if (batch == 0) {
    return at::empty({0, shape.channels, shape.height, shape.width},
                     at::TensorOptions().dtype(at::kFloat).device(device));
  }

  std::vector<std::uint64_t> seeds;
  std::vector<std::string> prompts;
  const bool guided = options.guidance != 1.0;
  if (guided) {
    for (const ImageRequest& r : requests) prompts.push_back(r.negative_prompt);
  }
  for (const ImageRequest& r : requests) {
    seeds.push_back(r.seed);
    prompts.push_back(r.prompt);
  }
  const at::Tensor conditioning = pipeline.encode_prompts(prompts);
  const std::int64_t rows = guided ? 2 * batch : batch;

  RequestNoise noise(seeds);
  at::Tensor sample = noise.draw(shape, device) * scheduler->init_noise_sigma();
  const NoiseDraw draw = [&noise, &shape, device] { return noise.draw(shape, device); };
  for (std::int64_t i = 0; i < scheduler->steps(); ++i) {
    at::Tensor input = scheduler->scale_model_input(sample, i);
    if (guided) input = at::cat({input, input}, 0);
    const at::Tensor timesteps = at::full({rows}, scheduler->timestep(i),
                                          at::TensorOptions().dtype(at::kFloat).device(device));
    at::Tensor output = pipeline.denoise(input, timesteps, conditioning);
    ZIPP_CHECK(output.sizes() == input.sizes(), "pipeline ", pipeline.name(),
               ": denoise returned shape ", output.sizes(), " for samples of shape ",
               input.sizes());
    if (guided) {
      output = classifier_free_guidance(output.narrow(0, 0, batch), output.narrow(0, batch, batch),
                                        options.guidance);
    }
    sample = scheduler->step(output, i, sample, draw);
  }
  return sample;
}

}  // namespace

std::int64_t resolved_height(const Pipeline& pipeline, const SamplingOptions& options) {
  return resolved_size(options.height, pipeline.default_height(), "height");
}

std::int64_t resolved_width(const Pipeline& pipeline, const SamplingOptions& options) {
  return resolved_size(options.width, pipeline.default_width(), "width");
}

at::Tensor sample_latents(Pipeline& pipeline, std::span<const ImageRequest> requests,
                          const SamplingOptions& options) {
  ZIPP_CHECK_T(core::ConfigError, std::isfinite(options.guidance),
               "key 'guidance': expected a finite guidance scale, found ", options.guidance);
  at::Tensor samples;
  {
    c10::InferenceMode inference;
    samples = denoise_requests(pipeline, requests, options);
  }
  // An ordinary tensor again, so callers may modify it in place.
  return samples.clone();
}

}  // namespace zipp::generation
