// zipp_model.json, the description of a TorchScript model folder (docs/formats.md
// "zipp_model.json"): what the exported modules expect and return, the latent space they work in
// and the noise schedule the UNet was trained with. Written by scripts/export-diffusers.py, read
// by the TorchScript pipeline (generation/torchscript/torchscript_pipeline.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "generation/schedule/noise_schedule.h"

namespace zipp::generation {

// How the text encoder module returns the per-token hidden states [B, max_length, D]: as the
// tensor itself, or as element `index` of a tuple (a traced transformers model).
struct TextEncoderOutput {
  enum class Kind { kTensor, kTuple };
  Kind kind = Kind::kTensor;
  std::int64_t index = 0;
};

// The floating-point type the modules were exported in; inputs are cast to it, outputs back to
// float32.
enum class ModuleDtype { kFloat32, kFloat16, kBFloat16 };

struct TorchScriptModelConfig {
  static constexpr std::int64_t kFormatVersion = 1;

  std::string model;  // where the weights came from ("runwayml/stable-diffusion-v1-5")
  ModuleDtype dtype = ModuleDtype::kFloat32;
  std::int64_t sample_size = 64;  // the UNet's trained latent size; images are sample_size * f
  std::int64_t latent_channels = 4;
  std::int64_t vae_scale_factor = 8;  // f: image pixels per latent pixel along each side
  // Image sides must be multiples of this (f times the UNet's downsampling, 64 for SD 1.x/2.x).
  std::int64_t image_size_multiple = 64;
  double scaling_factor = 0.18215;  // latents = scaling_factor * VAE encoder mean
  NoiseScheduleSpec noise_schedule;
  std::int64_t max_length = 77;  // tokenizer: ids per prompt
  std::int64_t pad_token_id = 49407;
  TextEncoderOutput text_encoder_output;
  // Optional: clamp the predicted x_0 to [-r, r] at every step (a pixel-space model, diffusers'
  // clip_sample); none, the default, for latent diffusion, whose latents must not be clipped.
  std::optional<double> clip_sample_range;
};

// The file's text as read, kept for the pipeline's digest.
struct LoadedModelConfig {
  TorchScriptModelConfig config;
  std::string text;
};

// Reads and checks the file: IoError when it cannot be read, InputError naming the file and the
// key for malformed JSON, a missing or unknown key, a value of the wrong type or out of range.
LoadedModelConfig read_model_config(const std::filesystem::path& path);

// "float32", "float16", "bfloat16".
std::string_view module_dtype_name(ModuleDtype dtype);

}  // namespace zipp::generation
