#include "graph/text_embedder.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::graph {
namespace {

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

TEST(TextEmbedder, SplitsLowerCasedWords) {
  EXPECT_EQ(TextEmbedder::words("Film  photography, 35mm!"),
            (std::vector<std::string>{"film", "photography", "35mm"}));
  EXPECT_TRUE(TextEmbedder::words(" ,.; ").empty());
}

TEST(TextEmbedder, VectorsAreUnitLengthAndDeterministic) {
  TextEmbedder embedder({.dim = 96});
  const std::vector<float> a = embedder.embed("Analog film photography and darkroom prints");
  ASSERT_EQ(a.size(), 96u);
  EXPECT_NEAR(dot(a, a), 1.0, 1e-5);
  EXPECT_EQ(TextEmbedder({.dim = 96}).embed("Analog film photography and darkroom prints"), a);
}

TEST(TextEmbedder, EmptyTextIsTheZeroVector) {
  TextEmbedder embedder;
  for (float v : embedder.embed("  -- ")) EXPECT_EQ(v, 0.0F);
}

TEST(TextEmbedder, SharedWordsMeanNearbyVectors) {
  TextEmbedder embedder({.dim = 256});
  const auto film = embedder.embed("film photography with analog cameras");
  const auto film2 = embedder.embed("analog film cameras and photography tips");
  const auto anime = embedder.embed("anime fan art and manga discussion");
  EXPECT_GT(dot(film, film2), 0.5);
  EXPECT_LT(std::abs(dot(film, anime)), 0.3);
  EXPECT_GT(dot(film, film2), dot(film, anime) + 0.3);
}

TEST(TextEmbedder, SeedChangesTheProjection) {
  const auto a = TextEmbedder({.dim = 64, .seed = 1}).embed("vaporwave");
  const auto b = TextEmbedder({.dim = 64, .seed = 2}).embed("vaporwave");
  EXPECT_LT(std::abs(dot(a, b)), 0.6);
}

TEST(TextEmbedder, EmbedAllStacksRows) {
  TextEmbedder embedder({.dim = 32});
  const std::vector<std::string> texts = {"cottagecore", "", "street photo"};
  const at::Tensor all = embedder.embed_all(texts);
  ASSERT_EQ(all.size(0), 3);
  ASSERT_EQ(all.size(1), 32);
  const float* row = all.data_ptr<float>();
  EXPECT_EQ(std::vector<float>(row, row + 32), embedder.embed("cottagecore"));
  for (int i = 32; i < 64; ++i) EXPECT_EQ(row[i], 0.0F);
}

TEST(TextEmbedder, RejectsABadDimension) {
  EXPECT_THROW(TextEmbedder({.dim = 0}), core::ConfigError);
}

}  // namespace
}  // namespace zipp::graph
