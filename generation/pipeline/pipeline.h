// The one interface every text-to-image model sits behind (docs/generation.md "Pipelines"): the
// builtin tiny model (generation/builtin) and TorchScript exports of diffusers models
// (generation/torchscript) both expose a text encoder, a denoiser and a decoder, so one sampling
// loop (generation/sample) with one set of schedulers (generation/schedule) drives either.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include "generation/schedule/noise_schedule.h"

namespace zipp::generation {

// The shape of one sample in the space the denoiser works in (latents for a VAE model, pixels for
// the builtin model), for an image of a given size.
struct LatentShape {
  std::int64_t channels = 0;
  std::int64_t height = 0;
  std::int64_t width = 0;
};

class Pipeline {
 public:
  virtual ~Pipeline() = default;

  // A name that identifies the model and its weights, recorded in every image's sidecar
  // ("builtin-tiny/<weights digest>", "torchscript:<model dir name>/<digest>").
  virtual std::string name() const = 0;

  // The noise schedule the denoiser was trained with: beta schedule, training timesteps and
  // what it predicts (noise or v).
  virtual NoiseScheduleSpec noise_schedule() const = 0;

  // Whether the samplers should clamp the predicted clean sample to [-r, r] at every step
  // (diffusers' clip_sample; generation/sample/clip_sample.h): r for a pixel-space model whose
  // samples live in [-r, r] (the builtin tiny model: 1), none (the default) for latent models,
  // whose latents are not bounded and must not be clipped. generation.clip_sample may override it.
  virtual std::optional<double> clip_sample_range() const { return std::nullopt; }

  // The image size the model was trained at, used when a run does not set one.
  virtual std::int64_t default_height() const = 0;
  virtual std::int64_t default_width() const = 0;

  // The denoiser's sample shape for an image of height x width pixels; ConfigError when the model
  // cannot make that size (for instance not a multiple of its downsampling factor).
  virtual LatentShape latent_shape(std::int64_t height, std::int64_t width) const = 0;

  // The conditioning of a batch of prompts, one row per prompt, on device(); the empty prompt is
  // the unconditional input of classifier-free guidance.
  virtual at::Tensor encode_prompts(const std::vector<std::string>& prompts) = 0;

  // The denoiser's output (noise or v, see noise_schedule()) for samples [B, C, h, w] at training
  // timesteps [B] (float: schedulers may ask between integer steps) under conditioning rows [B,
  // ...] from encode_prompts, all on device().
  virtual at::Tensor denoise(const at::Tensor& samples, const at::Tensor& timesteps,
                             const at::Tensor& conditioning) = 0;

  // Images [B, 3, height, width], float in [0, 1], from final samples [B, C, h, w].
  virtual at::Tensor decode(const at::Tensor& samples) = 0;

  virtual c10::Device device() const = 0;
};

}  // namespace zipp::generation
