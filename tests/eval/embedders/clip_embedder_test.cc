// The CLIP embedder: Pillow's bicubic resize against values computed by hand from Pillow's
// Resample.c rules, the centred crop, CMMD's normalisation, and a tiny TorchScript module built
// by the test standing in for the CLIP vision tower (outputs L2-normalised, errors naming the
// file).
#include "eval/embedders/clip_embedder.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/full.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/tensor.h>
#include <gtest/gtest.h>
#include <torch/csrc/jit/api/module.h>
#include <unistd.h>

#include "core/error.h"
#include "eval/embedders/pil_resize.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;

Rgb8Image grey_columns(std::int64_t h, const std::vector<std::uint8_t>& columns) {
  Rgb8Image image{h, static_cast<std::int64_t>(columns.size()), {}};
  for (std::int64_t y = 0; y < h; ++y) {
    for (std::uint8_t v : columns) image.pixels.insert(image.pixels.end(), {v, v, v});
  }
  return image;
}

TEST(PilResize, DownscalesWithTheWidenedBicubicFilter) {
  // 4 -> 2: scale 2, support 4. Output x = 0 is centred on 1.0 and weighs inputs 0..3 by
  // bicubic((x - 0.5) / 2) = 0.8671875, 0.8671875, 0.2265625, -0.0703125 (sum 1.890625), so
  // columns 0, 0, 255, 255 give 255 * 0.15625 / 1.890625 = 21.07 -> 21; x = 1 mirrors it:
  // 255 * 1.734375 / 1.890625 = 233.93 -> 234. Rows are equal, so the vertical pass keeps them.
  const Rgb8Image out = resize_bicubic_pil(grey_columns(4, {0, 0, 255, 255}), 2, 2);
  ASSERT_EQ(out.height, 2);
  ASSERT_EQ(out.width, 2);
  const std::vector<std::uint8_t> expected = {21, 21, 21, 234, 234, 234, 21, 21, 21, 234, 234, 234};
  EXPECT_EQ(out.pixels, expected);
}

TEST(PilResize, UpscalesWithoutWidening) {
  // 2 -> 4: scale 0.5, support 2; input pixel i sits at i + 0.5. Output x = 0 (centre 0.25)
  // weighs inputs 0, 1 at distances 0.25, 1.25: 0.8671875, -0.0703125, so 0, 255 give -22.5 ->
  // clipped to 0; x = 1 (centre 0.75): 0.8671875, 0.2265625 -> 255 * 0.2265625 / 1.09375 =
  // 52.82 -> 53; x = 2 mirrors it (202.18 -> 202), x = 3 overshoots (277.5 -> 255).
  const Rgb8Image out = resize_bicubic_pil(grey_columns(1, {0, 255}), 1, 4);
  ASSERT_EQ(out.width, 4);
  EXPECT_EQ(out.pixels[0], 0);
  EXPECT_EQ(out.pixels[3], 53);
  EXPECT_EQ(out.pixels[6], 202);
  EXPECT_EQ(out.pixels[9], 255);
}

TEST(PilResize, CentreCropAndIdentity) {
  const Rgb8Image wide = grey_columns(2, {1, 2, 3, 4, 5});
  const Rgb8Image crop = center_crop_square(wide);  // left = (5 - 2) / 2 = 1
  ASSERT_EQ(crop.width, 2);
  EXPECT_EQ(crop.pixels[0], 2);
  EXPECT_EQ(crop.pixels[3], 3);
  EXPECT_EQ(resize_bicubic_pil(crop, 2, 2).pixels, crop.pixels);
  EXPECT_THROW(resize_bicubic_pil(crop, 0, 2), core::InputError);
}

TEST(ClipPreprocess, NormalisesWithClipsConstants) {
  // A constant image stays constant through crop and resize; then (v / 255 - mean) / std.
  const at::Tensor images = at::full({2, 6, 9, 3}, 128, at::kByte);
  const at::Tensor x = clip_preprocess(images, 4);
  ASSERT_EQ(x.sizes(), (std::vector<std::int64_t>{2, 3, 4, 4}));
  for (int c = 0; c < 3; ++c) {
    const float expected =
        (128.0f / 255.0f - static_cast<float>(kClipMean[c])) / static_cast<float>(kClipStd[c]);
    EXPECT_FLOAT_EQ(x[1][c][3][2].item<float>(), expected);
    EXPECT_FLOAT_EQ(x.select(1, c).min().item<float>(), x.select(1, c).max().item<float>());
  }
  EXPECT_THROW(clip_preprocess(at::full({2, 6, 9, 3}, 1.0f), 4), core::InputError);
  EXPECT_THROW(clip_preprocess(at::full({6, 9, 3}, 1, at::kByte), 4), core::InputError);
}

class ClipEmbedderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zipp-clip-embedder-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Per-channel means of the pixels times a per-channel weight, [B, 3]; it checks the size.
  fs::path save_module(const std::string& body) {
    torch::jit::Module m{c10::QualifiedName("TinyClipVision")};
    m.register_parameter("scale", at::tensor({1.0f, 2.0f, -1.0f}), false);
    m.define(body);
    const fs::path file = dir_ / "clip_vision.pt";
    m.save(file.string());
    return file;
  }

  fs::path dir_;
};

constexpr const char* kMeanModule = R"(
def forward(self, pixels):
    assert pixels.size(2) == 8 and pixels.size(3) == 8
    return pixels.mean([2, 3]) * self.scale
)";

TEST_F(ClipEmbedderTest, EmbedsPreprocessedImagesAsUnitRows) {
  auto embedder = load_clip_embedder(save_module(kMeanModule), c10::Device("cpu"), 8);
  EXPECT_EQ(embedder->dim(), 3);
  EXPECT_EQ(embedder->name().rfind("clip:clip_vision/", 0), 0u) << embedder->name();
  at::Tensor images = at::full({2, 10, 12, 3}, 200, at::kByte);
  images[1].fill_(30);
  const at::Tensor e = embedder->embed(images);
  ASSERT_EQ(e.sizes(), (std::vector<std::int64_t>{2, 3}));
  for (int b = 0; b < 2; ++b) {
    const float v = b == 0 ? 200.0f : 30.0f;
    std::vector<float> raw(3);
    float norm = 0;
    const float scale[3] = {1.0f, 2.0f, -1.0f};
    for (int c = 0; c < 3; ++c) {
      raw[c] = (v / 255.0f - static_cast<float>(kClipMean[c])) / static_cast<float>(kClipStd[c]) *
               scale[c];
      norm += raw[c] * raw[c];
    }
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(e[b][c].item<float>(), raw[c] / std::sqrt(norm), 1e-5) << b << " " << c;
    }
  }
}

TEST_F(ClipEmbedderTest, ErrorsNameTheFile) {
  EXPECT_THROW(load_clip_embedder(dir_ / "none.pt", c10::Device("cpu"), 8), core::IoError);
  std::ofstream(dir_ / "bad.pt") << "not a zip";
  try {
    load_clip_embedder(dir_ / "bad.pt", c10::Device("cpu"), 8);
    FAIL() << "expected an error";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.pt"), std::string::npos) << e.what();
  }
  // The module refuses another input size: the error names it.
  try {
    load_clip_embedder(save_module(kMeanModule), c10::Device("cpu"), 6);
    FAIL() << "expected an error";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("clip_vision.pt"), std::string::npos) << e.what();
  }
  const fs::path flat = save_module(R"(
def forward(self, pixels):
    return pixels.mean([1, 2, 3])
)");
  EXPECT_THROW(load_clip_embedder(flat, c10::Device("cpu"), 8), core::InputError);
}

}  // namespace
}  // namespace zipp::eval
