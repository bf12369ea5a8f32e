// Pixel statistics that read an image's aesthetic back (docs/generation.md "Builtin tiny model"):
// one number per axis of the procedural renderer's look, each moving with its axis, so tests and
// the separation bench can check what a generated image looks like without a learned embedder.
#pragma once

#include <array>

#include <ATen/core/Tensor.h>

#include "graph/synth/archetype.h"

namespace zipp::generation::builtin {

// Per image of [B, 3, H, W] in [0, 1] (or one [3, H, W]), float32 [B, 6] in the axis order of
// graph::synth::kAestheticAxes:
//   warmth      mean(R - B);
//   saturation  mean over pixels of max(R, G, B) - min(R, G, B);
//   brightness  mean luminance (0.299 R + 0.587 G + 0.114 B);
//   contrast    standard deviation of the 3x3-box-smoothed luminance (so grain adds little);
//   grain       mean |luminance - its 3x3 box mean| (high-frequency energy);
//   softness    minus the mean |gradient| of the smoothed luminance (blur raises it).
at::Tensor pixel_statistics(const at::Tensor& images);

}  // namespace zipp::generation::builtin
