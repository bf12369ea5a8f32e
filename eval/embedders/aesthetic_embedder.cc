#include "eval/embedders/aesthetic_embedder.h"

#include <cmath>
#include <numbers>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/atan2.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros.h>
#include <c10/core/ScalarType.h>

#include "core/check.h"
#include "core/error.h"

namespace zipp::eval {
namespace {

constexpr std::int64_t kHueBins = 12;
constexpr double kSharpnessFloor = 1e-3;

// (center, scale) per feature: roughly the middle and spread of each statistic over ordinary
// photographs and the synthetic world's procedural styles, so every standardised feature is of
// order one (docs/evaluation.md "Builtin aesthetic embedder").
struct Standard {
  const char* name;
  double center;
  double scale;
};

constexpr Standard kStandards[kAestheticFeatureCount] = {
    {"mean_r", 0.45, 0.15},   {"mean_g", 0.45, 0.15},       {"mean_b", 0.45, 0.15},
    {"std_r", 0.2, 0.08},     {"std_g", 0.2, 0.08},         {"std_b", 0.2, 0.08},
    {"saturation", 0.3, 0.2}, {"brightness", 0.45, 0.15},   {"contrast", 0.2, 0.08},
    {"sharpness", -3.0, 1.0}, {"colourfulness", 0.15, 0.1}, {"warmth", 0.03, 0.1},
    {"hue_0", 0.0, 0.3},      {"hue_30", 0.0, 0.3},         {"hue_60", 0.0, 0.3},
    {"hue_90", 0.0, 0.3},     {"hue_120", 0.0, 0.3},        {"hue_150", 0.0, 0.3},
    {"hue_180", 0.0, 0.3},    {"hue_210", 0.0, 0.3},        {"hue_240", 0.0, 0.3},
    {"hue_270", 0.0, 0.3},    {"hue_300", 0.0, 0.3},        {"hue_330", 0.0, 0.3},
};

void check_images(const at::Tensor& images) {
  ZIPP_CHECK_T(core::InputError, images.defined() && images.dim() == 4 && images.size(3) == 3,
               "image embedder: expected images [B, H, W, 3], found ",
               images.defined() ? core::str(images.sizes()) : std::string("nothing"));
  ZIPP_CHECK_T(core::InputError, images.scalar_type() == at::kByte,
               "image embedder: expected uint8 images, found ",
               c10::toString(images.scalar_type()));
  ZIPP_CHECK_T(core::InputError, images.device().is_cpu(),
               "image embedder: expected CPU images, found them on ", images.device().str());
  ZIPP_CHECK_T(core::InputError, images.size(1) >= 1 && images.size(2) >= 1,
               "image embedder: expected images of at least 1 x 1 pixels, found ", images.sizes());
}

// Mean and population std over the pixels of [B, H, W].
at::Tensor pixel_mean(const at::Tensor& x) { return x.mean({1, 2}); }
at::Tensor pixel_std(const at::Tensor& x) { return x.std({1, 2}, /*unbiased=*/false); }

at::Tensor sharpness(const at::Tensor& luma) {
  const std::int64_t h = luma.size(1);
  const std::int64_t w = luma.size(2);
  if (h < 3 || w < 3) {
    return at::zeros({luma.size(0)}, luma.options()) + std::log(kSharpnessFloor);
  }
  const auto window = [&](std::int64_t dy, std::int64_t dx) {
    return luma.narrow(1, 1 + dy, h - 2).narrow(2, 1 + dx, w - 2);
  };
  const at::Tensor laplacian =
      window(0, 0) * 4.0 - window(-1, 0) - window(1, 0) - window(0, -1) - window(0, 1);
  return (pixel_mean(laplacian.abs()) + kSharpnessFloor).log();
}

// sqrt of the saturation-weighted share of pixels in each hue bin: [B, 12].
at::Tensor hue_histogram(const at::Tensor& r, const at::Tensor& g, const at::Tensor& b,
                         const at::Tensor& saturation) {
  const std::int64_t batch = r.size(0);
  constexpr double kPi = std::numbers::pi;
  const double bin_width = 2.0 * kPi / static_cast<double>(kHueBins);
  // Shifted by half a bin so that bin k is centred on k * 30 degrees.
  at::Tensor angle = at::atan2((g - b) * std::sqrt(3.0), r * 2.0 - g - b) + bin_width / 2.0;
  angle = at::where(angle < 0.0, angle + 2.0 * kPi, angle);
  const at::Tensor bins =
      (angle / bin_width).floor().clamp(0, kHueBins - 1).to(at::kLong).reshape({batch, -1});
  const at::Tensor weights = saturation.reshape({batch, -1});
  const at::Tensor histogram =
      at::zeros({batch, kHueBins}, r.options()).scatter_add_(1, bins, weights);
  return (histogram / static_cast<double>(weights.size(1))).sqrt();
}

}  // namespace

std::string_view aesthetic_feature_name(std::int64_t index) {
  ZIPP_CHECK(index >= 0 && index < kAestheticFeatureCount,
             "aesthetic feature index out of range: ", index);
  return kStandards[index].name;
}

at::Tensor aesthetic_features(const at::Tensor& images_uint8_BHW3) {
  check_images(images_uint8_BHW3);
  const at::Tensor rgb = images_uint8_BHW3.to(at::kDouble) / 255.0;
  const at::Tensor r = rgb.select(3, 0);
  const at::Tensor g = rgb.select(3, 1);
  const at::Tensor b = rgb.select(3, 2);
  const at::Tensor high = rgb.amax(3);
  const at::Tensor low = rgb.amin(3);
  // (max - min) / max, and 0 for black pixels, where max - min is 0 too.
  const at::Tensor saturation = (high - low) / high.clamp_min(1e-12);
  const at::Tensor luma = r * 0.299 + g * 0.587 + b * 0.114;
  const at::Tensor rg = r - g;
  const at::Tensor yb = (r + g) * 0.5 - b;
  const at::Tensor colourfulness = (pixel_std(rg).square() + pixel_std(yb).square()).sqrt() +
                                   (pixel_mean(rg).square() + pixel_mean(yb).square()).sqrt() * 0.3;
  std::vector<at::Tensor> columns = {pixel_mean(r),          pixel_mean(g),    pixel_mean(b),
                                     pixel_std(r),           pixel_std(g),     pixel_std(b),
                                     pixel_mean(saturation), pixel_mean(luma), pixel_std(luma),
                                     sharpness(luma),        colourfulness,    pixel_mean(r - b)};
  const at::Tensor hues = hue_histogram(r, g, b, saturation);
  for (std::int64_t k = 0; k < kHueBins; ++k) columns.push_back(hues.select(1, k));
  return at::stack(columns, 1);
}

at::Tensor AestheticEmbedder::embed(const at::Tensor& images_uint8_BHW3) {
  const at::Tensor features = aesthetic_features(images_uint8_BHW3);
  std::vector<double> centers;
  std::vector<double> scales;
  for (const Standard& s : kStandards) {
    centers.push_back(s.center);
    scales.push_back(s.scale);
  }
  const at::Tensor standardised =
      (features - at::tensor(centers, at::kDouble)) / at::tensor(scales, at::kDouble);
  const at::Tensor norms = standardised.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12);
  return (standardised / norms).to(at::kFloat).contiguous();
}

}  // namespace zipp::eval
