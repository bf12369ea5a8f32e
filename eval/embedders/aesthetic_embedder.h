// The builtin image embedder (docs/evaluation.md "Builtin aesthetic embedder"): 24 hand-made
// colour and texture statistics of an image, each standardised by fixed constants so that no one
// feature dominates, then L2-normalised. No weights and no training: deterministic, cheap, and
// independent of the image size (every statistic is a mean over pixels). It sees what the
// procedural styles of the synthetic world change (palette, warmth, brightness, contrast,
// sharpness), not what an image depicts.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <ATen/core/Tensor.h>

#include "eval/embedders/image_embedder.h"

namespace zipp::eval {

// The raw features in embedding order, with RGB, luma Y = 0.299 R + 0.587 G + 0.114 B and all
// channels in [0, 1]:
//   0-2   mean R, G, B
//   3-5   std R, G, B (over the image's pixels)
//   6     saturation: mean HSV saturation (max - min) / max (0 where max = 0)
//   7     brightness: mean Y
//   8     contrast: std of Y
//   9     sharpness: log(mean |4-neighbour Laplacian of Y| + 1e-3) over interior pixels
//         (log(1e-3) for an image smaller than 3 x 3)
//   10    colourfulness (Hasler & Suesstrunk 2003): sqrt(std_rg^2 + std_yb^2)
//         + 0.3 sqrt(mean_rg^2 + mean_yb^2), rg = R - G, yb = (R + G) / 2 - B
//   11    warmth: mean(R - B)
//   12-23 hue histogram: sqrt of the saturation-weighted share of pixels per 30-degree bin of
//         the hue angle atan2(sqrt(3) (G - B), 2R - G - B), bins centred on 0 (red), 30, ...,
//         330 degrees; a grey image's bins are all 0
constexpr std::int64_t kAestheticFeatureCount = 24;

// The names of the 24 features, for reports ("mean_r", ..., "hue_330").
std::string_view aesthetic_feature_name(std::int64_t index);

// Raw features float64 [B, 24] of images [B, H, W, 3] uint8; InputError for other inputs.
at::Tensor aesthetic_features(const at::Tensor& images_uint8_BHW3);

class AestheticEmbedder final : public ImageEmbedder {
 public:
  std::string name() const override { return "aesthetic-v1"; }
  std::int64_t dim() const override { return kAestheticFeatureCount; }
  // (feature - center) / scale per feature (constants in aesthetic_embedder.cc and
  // docs/evaluation.md), then each row divided by its L2 norm; float32.
  at::Tensor embed(const at::Tensor& images_uint8_BHW3) override;
};

}  // namespace zipp::eval
