// Whether a run clips the predicted clean sample x̂₀ (docs/generation.md "Sampling", diffusers'
// `clip_sample`): pixel-space models (the builtin tiny model, DDPM/IF) are sampled with x̂₀
// clamped to [-r, r] at every step, latent-diffusion models must not be. The pipeline says what
// its model needs (Pipeline::clip_sample_range); `generation.clip_sample` keeps that (auto) or
// overrides it (on, off). The schedulers do the clamping (generation/schedule/model_output.h).
#pragma once

#include <optional>
#include <string_view>

namespace zipp::generation {

enum class ClipSample { kAuto, kOn, kOff };

// diffusers' default clip_sample_range, used by `on` for a pipeline that names no range.
inline constexpr double kDefaultClipSampleRange = 1.0;

// "auto", "on", "off"; ConfigError naming `key`, the value and the choices.
ClipSample parse_clip_sample(std::string_view text, std::string_view key);
std::string_view clip_sample_name(ClipSample setting);

// The range x̂₀ is clamped to, or none for no clipping: auto gives the pipeline's choice
// (`pipeline_range`), off none, on the pipeline's range or else kDefaultClipSampleRange.
std::optional<double> resolve_clip_sample_range(ClipSample setting,
                                                std::optional<double> pipeline_range);

}  // namespace zipp::generation
