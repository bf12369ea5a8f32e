// The builtin aesthetic embedder on synthetic images whose statistics are known: grey has no
// saturation, hue or colourfulness; a warmer image has larger warmth; noise is sharper than its
// blur; primaries fall in their hue bins; statistics do not depend on the image size; rows are
// unit vectors.
#include "eval/embedders/aesthetic_embedder.h"

#include <cmath>

#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/full.h>
#include <ATen/ops/randint.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::eval {
namespace {

enum Feature : std::int64_t {
  kMeanR = 0,
  kStdR = 3,
  kSaturation = 6,
  kBrightness = 7,
  kContrast = 8,
  kSharpness = 9,
  kColourfulness = 10,
  kWarmth = 11,
  kHue0 = 12,
};

at::Tensor solid(std::int64_t h, std::int64_t w, int r, int g, int b) {
  at::Tensor image = at::zeros({1, h, w, 3}, at::kByte);
  image.select(3, 0).fill_(r);
  image.select(3, 1).fill_(g);
  image.select(3, 2).fill_(b);
  return image;
}

double feature(const at::Tensor& features, std::int64_t row, std::int64_t index) {
  return features[row][index].item<double>();
}

TEST(AestheticEmbedder, GreyImage) {
  const at::Tensor f = aesthetic_features(solid(10, 12, 128, 128, 128));
  ASSERT_EQ(f.sizes(), (std::vector<std::int64_t>{1, kAestheticFeatureCount}));
  for (std::int64_t c = 0; c < 3; ++c) {
    EXPECT_NEAR(feature(f, 0, kMeanR + c), 128.0 / 255.0, 1e-12);
    EXPECT_NEAR(feature(f, 0, kStdR + c), 0.0, 1e-12);
  }
  EXPECT_NEAR(feature(f, 0, kSaturation), 0.0, 1e-12);
  EXPECT_NEAR(feature(f, 0, kBrightness), 128.0 / 255.0, 1e-12);
  EXPECT_NEAR(feature(f, 0, kContrast), 0.0, 1e-12);
  EXPECT_NEAR(feature(f, 0, kSharpness), std::log(1e-3), 1e-9);
  EXPECT_NEAR(feature(f, 0, kColourfulness), 0.0, 1e-12);
  EXPECT_NEAR(feature(f, 0, kWarmth), 0.0, 1e-12);
  for (std::int64_t k = 0; k < 12; ++k) EXPECT_EQ(feature(f, 0, kHue0 + k), 0.0) << k;
}

TEST(AestheticEmbedder, PrimariesFallInTheirHueBins) {
  // Red at 0 degrees (bin 0), yellow 60 (bin 2), green 120 (bin 4), blue 240 (bin 8); a fully
  // saturated image puts all its weight, sqrt(1) = 1, in one bin.
  const at::Tensor images = at::cat({solid(4, 4, 255, 0, 0), solid(4, 4, 255, 255, 0),
                                     solid(4, 4, 0, 255, 0), solid(4, 4, 0, 0, 255)});
  const at::Tensor f = aesthetic_features(images);
  const std::int64_t expected_bin[] = {0, 2, 4, 8};
  for (std::int64_t row = 0; row < 4; ++row) {
    EXPECT_NEAR(feature(f, row, kSaturation), 1.0, 1e-12);
    for (std::int64_t k = 0; k < 12; ++k) {
      EXPECT_NEAR(feature(f, row, kHue0 + k), k == expected_bin[row] ? 1.0 : 0.0, 1e-12)
          << "row " << row << " bin " << k;
    }
  }
  // Half-saturated red, (255, 128, 128): saturation 127/255, all of it in bin 0.
  const at::Tensor pink = aesthetic_features(solid(3, 3, 255, 128, 128));
  EXPECT_NEAR(feature(pink, 0, kSaturation), 127.0 / 255.0, 1e-12);
  EXPECT_NEAR(feature(pink, 0, kHue0), std::sqrt(127.0 / 255.0), 1e-12);
  EXPECT_GT(feature(pink, 0, kColourfulness), 0.1);
}

TEST(AestheticEmbedder, WarmerImageHasLargerWarmth) {
  const at::Tensor base = at::randint(40, 200, {1, 16, 16, 3}, at::kByte);
  at::Tensor warm = base.clone();
  warm.select(3, 0).add_(30);
  warm.select(3, 2).sub_(30);
  const at::Tensor f = aesthetic_features(at::cat({base, warm}));
  EXPECT_NEAR(feature(f, 1, kWarmth) - feature(f, 0, kWarmth), 60.0 / 255.0, 1e-12);
  EXPECT_GT(feature(f, 1, kWarmth), feature(f, 0, kWarmth));
}

TEST(AestheticEmbedder, NoiseIsSharperThanItsBlur) {
  const at::Tensor noise = at::randint(0, 256, {1, 32, 32, 3}, at::kByte);
  // A 3x3 box blur (edges replicated by taking the blur of the interior only).
  const at::Tensor wide = noise.to(at::kDouble);
  at::Tensor sum = at::zeros({1, 30, 30, 3}, at::kDouble);
  for (std::int64_t dy = 0; dy < 3; ++dy) {
    for (std::int64_t dx = 0; dx < 3; ++dx) sum += wide.narrow(1, dy, 30).narrow(2, dx, 30);
  }
  const at::Tensor blurred = (sum / 9.0).round().to(at::kByte);
  const at::Tensor f_noise = aesthetic_features(noise);
  const at::Tensor f_blur = aesthetic_features(blurred);
  EXPECT_GT(feature(f_noise, 0, kSharpness), feature(f_blur, 0, kSharpness) + 1.0);
  EXPECT_GT(feature(f_noise, 0, kContrast), feature(f_blur, 0, kContrast));
}

TEST(AestheticEmbedder, ColourStatisticsDoNotDependOnSize) {
  // Each pixel repeated 3 x 3 times: every mean-based statistic is unchanged (sharpness, a
  // statistic of neighbouring pixels, is not).
  const at::Tensor small = at::randint(0, 256, {2, 5, 7, 3}, at::kByte);
  const at::Tensor large = small.repeat_interleave(3, 1).repeat_interleave(3, 2);
  const at::Tensor a = aesthetic_features(small);
  const at::Tensor b = aesthetic_features(large);
  for (std::int64_t k = 0; k < kAestheticFeatureCount; ++k) {
    if (k == kSharpness) continue;
    for (std::int64_t row = 0; row < 2; ++row) {
      EXPECT_NEAR(feature(a, row, k), feature(b, row, k), 1e-12) << aesthetic_feature_name(k);
    }
  }
}

TEST(AestheticEmbedder, EmbeddingsAreUnitRowsIndependentOfTheBatch) {
  AestheticEmbedder embedder;
  EXPECT_EQ(embedder.dim(), 24);
  EXPECT_EQ(embedder.name(), "aesthetic-v1");
  const at::Tensor images = at::cat({solid(8, 8, 128, 128, 128), solid(8, 8, 255, 0, 0),
                                     at::randint(0, 256, {3, 8, 8, 3}, at::kByte)});
  const at::Tensor e = embedder.embed(images);
  ASSERT_EQ(e.scalar_type(), at::kFloat);
  ASSERT_EQ(e.sizes(), (std::vector<std::int64_t>{5, 24}));
  for (std::int64_t row = 0; row < 5; ++row) {
    EXPECT_NEAR(e[row].norm().item<double>(), 1.0, 1e-6) << row;
  }
  EXPECT_TRUE(at::equal(embedder.embed(images), e));
  EXPECT_TRUE(at::allclose(embedder.embed(images.narrow(0, 3, 1)), e.narrow(0, 3, 1), 0, 1e-7));
  // Grey and red are far apart; no one standardised feature is the whole vector.
  EXPECT_LT((e[0] * e[1]).sum().item<double>(), 0.9);
  EXPECT_LT(e.abs().max().item<double>(), 0.99);
}

TEST(AestheticEmbedder, BadInputsAreInputErrors) {
  AestheticEmbedder embedder;
  EXPECT_THROW(embedder.embed(at::zeros({1, 4, 4, 3}, at::kFloat)), core::InputError);
  EXPECT_THROW(embedder.embed(at::zeros({1, 4, 4, 4}, at::kByte)), core::InputError);
  EXPECT_THROW(embedder.embed(at::zeros({4, 4, 3}, at::kByte)), core::InputError);
  EXPECT_THROW(aesthetic_feature_name(24), core::Error);
  EXPECT_EQ(aesthetic_feature_name(kWarmth), "warmth");
}

}  // namespace
}  // namespace zipp::eval
