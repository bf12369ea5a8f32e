// The procedural renderer behind the builtin tiny model's training images (docs/generation.md
// "Builtin tiny model"): a subject decides a layout and an aesthetic profile decides how it looks.
//
// Layout (from the subject alone, by hashing): the whole subject's hash picks a horizon height
// (40-75% down), a sky hue and a ground hue; then each content word (lower-cased, stop words such
// as "a", "of", "on" skipped, at most 4) adds one shape whose kind, place, size and hue come from
// that word's hash: 0 disc (a sun, a head, a bowl), 1 rectangle (a house, a window, a car),
// 2 ellipse blob (a tree, a cloud, a cat), 3 horizontal band (a road, a table, a shore). The same
// word always draws the same shape at the same place, whatever else the subject says.
//
// Look (from the aesthetic, each axis in [0, 1], 0.5 neutral), applied in this order:
//   saturation: colours mix with their grey, c = g + (c - g) * 2 s (0 grey, 0.5 as drawn, 1
//   double); warmth:     white balance, red + 0.36 (w - 0.5), green + 0.06 (w - 0.5), blue - 0.36
//   (w - 0.5); contrast:   c = 0.5 + (c - 0.5) * (0.25 + 1.5 k) (0.5 leaves it, 1 is 1.75 x, 0 is
//   0.25 x); brightness: c + 0.6 (b - 0.5); softness:   a separable Gaussian blur of sigma = 1.5
//   softness * size / 32 pixels; grain:      luminance noise N(0, (0.18 grain)^2) per pixel from
//   the grain seed;
// then clamped to [0, 1]. So "warm" images lean orange and "cool" ones blue, "vivid" ones are
// saturated, "dark" ones dim, "high contrast" ones near black and white, "grainy" ones speckled
// and "soft" ones blurred.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>

#include "graph/synth/archetype.h"

namespace zipp::generation::builtin {

using graph::synth::Aesthetic;

// All axes 0.5: the look of a prompt without style words.
Aesthetic neutral_aesthetic();

// The content words of a subject, lower-cased, in order: the words that add shapes.
std::vector<std::string> content_words(std::string_view subject);

// An RGB image [3, size, size], float32 in [0, 1] on the CPU. Deterministic in (subject,
// aesthetic, size, grain_seed). size must be at least 8 (InputError otherwise).
at::Tensor render_scene(std::string_view subject, const Aesthetic& aesthetic, std::int64_t size,
                        std::uint64_t grain_seed);

}  // namespace zipp::generation::builtin
