// The procedural renderer: deterministic, the subject decides the layout, and each aesthetic axis
// moves the pixel statistic that reads it back (generation/builtin/pixel_statistics.h).
#include "generation/builtin/procedural_renderer.h"

#include <ATen/ops/allclose.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/stack.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "generation/builtin/pixel_statistics.h"

namespace zipp::generation::builtin {
namespace {

const std::vector<std::string> kSubjects = {
    "a lighthouse on a rocky coast", "sunset over a grid ocean",  "loaf of bread on a linen cloth",
    "man crossing a rainy street",   "a cabin in a snowy forest", "old camera on a wooden table"};

// Mean statistic of the subjects rendered with `aesthetic`.
at::Tensor mean_statistics(const Aesthetic& aesthetic) {
  std::vector<at::Tensor> images;
  for (std::size_t i = 0; i < kSubjects.size(); ++i) {
    images.push_back(render_scene(kSubjects[i], aesthetic, 32, 17 + i));
  }
  return pixel_statistics(at::stack(images)).mean(0);
}

TEST(ProceduralRendererTest, SameInputsSameImage) {
  Aesthetic look = neutral_aesthetic();
  look[4] = 0.7F;
  const at::Tensor a = render_scene("a dog running on a beach", look, 32, 5);
  const at::Tensor b = render_scene("a dog running on a beach", look, 32, 5);
  EXPECT_TRUE(at::equal(a, b));
  EXPECT_EQ(a.sizes(), (c10::IntArrayRef{3, 32, 32}));
  EXPECT_GE(a.min().item<float>(), 0.0F);
  EXPECT_LE(a.max().item<float>(), 1.0F);
  // Grain is the only use of the seed.
  EXPECT_FALSE(at::equal(a, render_scene("a dog running on a beach", look, 32, 6)));
  look[4] = 0.0F;
  EXPECT_TRUE(at::equal(render_scene("a dog running on a beach", look, 32, 5),
                        render_scene("a dog running on a beach", look, 32, 6)));
}

TEST(ProceduralRendererTest, SubjectDecidesLayout) {
  const Aesthetic look = neutral_aesthetic();
  const at::Tensor a = render_scene("a dog running on a beach", look, 32, 0);
  EXPECT_FALSE(at::equal(a, render_scene("a lighthouse on a rocky coast", look, 32, 0)));
  // Case and stop words do not matter: the layout comes from the content words.
  EXPECT_TRUE(at::equal(a, render_scene("The DOG running at the beach", look, 32, 0)));
  EXPECT_EQ(content_words("A Dog, running on the beach!"),
            (std::vector<std::string>{"dog", "running", "beach"}));
}

TEST(ProceduralRendererTest, EachAxisMovesItsStatistic) {
  for (std::size_t axis = 0; axis < graph::synth::kAestheticDims; ++axis) {
    Aesthetic low = neutral_aesthetic();
    Aesthetic high = neutral_aesthetic();
    low[4] = high[4] = 0.0F;  // no grain unless grain is the axis
    low[axis] = 0.1F;
    high[axis] = 0.9F;
    const at::Tensor lo = mean_statistics(low);
    const at::Tensor hi = mean_statistics(high);
    EXPECT_GT(hi[static_cast<std::int64_t>(axis)].item<float>(),
              lo[static_cast<std::int64_t>(axis)].item<float>() + 0.002F)
        << graph::synth::kAestheticAxes[axis] << ": low " << lo << " high " << hi;
  }
}

TEST(ProceduralRendererTest, ArchetypeLooksDiffer) {
  // Vaporwave (vivid, bright) against street photography (muted, contrasty, grainy).
  const Aesthetic vaporwave = {0.55F, 0.90F, 0.65F, 0.55F, 0.30F, 0.60F};
  const Aesthetic street = {0.45F, 0.30F, 0.45F, 0.80F, 0.65F, 0.25F};
  const at::Tensor v = mean_statistics(vaporwave);
  const at::Tensor s = mean_statistics(street);
  EXPECT_GT(v[1].item<float>(), s[1].item<float>());  // saturation
  EXPECT_GT(v[2].item<float>(), s[2].item<float>());  // brightness
  EXPECT_GT(s[4].item<float>(), v[4].item<float>());  // grain
}

TEST(ProceduralRendererTest, RejectsTinySizes) {
  EXPECT_THROW(render_scene("a cat", neutral_aesthetic(), 4, 0), core::InputError);
}

}  // namespace
}  // namespace zipp::generation::builtin
