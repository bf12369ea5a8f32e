// k-means recovers separated blobs deterministically; NMI on hand-computed cases.
#include "training/eval/clustering.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include <ATen/ops/empty.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/random/rng.h"

namespace zipp::training {
namespace {

// n points around each of k centres far apart in d dimensions; labels are the blob of each point.
struct Blobs {
  at::Tensor points;
  std::vector<std::int32_t> labels;
};

Blobs gaussian_blobs(std::int64_t per_blob, int k, std::int64_t d, std::uint64_t seed) {
  core::Rng rng(seed);
  std::vector<std::vector<double>> centres(k, std::vector<double>(d));
  for (auto& c : centres) {
    for (auto& v : c) v = rng.normal(0, 10);
  }
  Blobs b{at::empty({per_blob * k, d}, at::kFloat), {}};
  auto p = b.points.accessor<float, 2>();
  // Interleaved, so blob order and point order differ.
  for (std::int64_t i = 0; i < per_blob * k; ++i) {
    const int blob = static_cast<int>(i % k);
    b.labels.push_back(blob);
    for (std::int64_t j = 0; j < d; ++j)
      p[i][j] = static_cast<float>(centres[blob][j] + rng.normal());
  }
  return b;
}

TEST(Kmeans, RecoversSeparatedBlobs) {
  const Blobs b = gaussian_blobs(150, 6, 8, 4);
  const std::vector<std::int32_t> labels = kmeans(b.points, 6, 11);
  ASSERT_EQ(labels.size(), b.labels.size());
  for (const auto l : labels) ASSERT_TRUE(0 <= l && l < 6);
  EXPECT_GT(normalized_mutual_information(labels, b.labels), 0.95);
  // Deterministic by seed, float32 or float64 input alike.
  EXPECT_EQ(kmeans(b.points, 6, 11), labels);
  EXPECT_EQ(kmeans(b.points.to(at::kDouble), 6, 11), labels);
}

TEST(Kmeans, EdgeCasesAndErrors) {
  const Blobs b = gaussian_blobs(10, 3, 2, 5);
  const auto one = kmeans(b.points, 1, 0);
  for (const auto l : one) EXPECT_EQ(l, 0);
  // k = n: every point its own cluster.
  const auto all = kmeans(b.points, 30, 0);
  ASSERT_EQ(all.size(), 30U);
  std::vector<int> seen(30, 0);
  for (const auto l : all) ++seen[l];
  for (const int c : seen) EXPECT_EQ(c, 1);
  EXPECT_THROW(kmeans(b.points, 0, 0), core::InputError);
  EXPECT_THROW(kmeans(b.points, 31, 0), core::InputError);
  EXPECT_THROW(kmeans(b.points.flatten(), 2, 0), core::InputError);
}

TEST(Nmi, IdenticalAndRenamedLabelingsScoreOne) {
  const std::vector<std::int32_t> a{0, 0, 1, 1, 2, 2, 2};
  const std::vector<std::int32_t> renamed{5, 5, -1, -1, 9, 9, 9};
  EXPECT_NEAR(normalized_mutual_information(a, a), 1.0, 1e-12);
  EXPECT_NEAR(normalized_mutual_information(a, renamed), 1.0, 1e-12);
}

TEST(Nmi, HandComputedCases) {
  // Independent: each of a's two classes splits evenly over b's two -> I = 0.
  EXPECT_DOUBLE_EQ(normalized_mutual_information(std::vector<std::int32_t>{0, 0, 1, 1},
                                                 std::vector<std::int32_t>{0, 1, 0, 1}),
                   0.0);
  // a = {0,0,1,1}, b = {0,0,0,1}: joint counts (0,0)=2, (1,0)=1, (1,1)=1; marginals a 2,2 and
  // b 3,1; I = sum n_ij/n ln(n n_ij / (a_i b_j)), H(a) = ln 2, H(b) = -(3/4 ln 3/4 + 1/4 ln 1/4).
  const double n = 4;
  const double mi = 2 / n * std::log(n * 2 / (2 * 3)) + 1 / n * std::log(n * 1 / (2 * 3)) +
                    1 / n * std::log(n * 1 / (2 * 1));
  const double ha = std::log(2.0);
  const double hb = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
  const double expected = mi / ((ha + hb) / 2);
  EXPECT_NEAR(normalized_mutual_information(std::vector<std::int32_t>{0, 0, 1, 1},
                                            std::vector<std::int32_t>{0, 0, 0, 1}),
              expected, 1e-12);
  // Numerically: I = 0.2157615543, H(a) = 0.6931471806, H(b) = 0.5623351446 -> NMI = 0.3437110184.
  EXPECT_NEAR(expected, 0.3437110184, 1e-9);
  // Single clusters: both -> 1 (scikit-learn's convention); one side only -> 0.
  EXPECT_DOUBLE_EQ(normalized_mutual_information(std::vector<std::int32_t>{3, 3, 3},
                                                 std::vector<std::int32_t>{1, 1, 1}),
                   1.0);
  EXPECT_DOUBLE_EQ(normalized_mutual_information(std::vector<std::int32_t>{3, 3, 3},
                                                 std::vector<std::int32_t>{1, 2, 1}),
                   0.0);
  EXPECT_THROW(
      normalized_mutual_information(std::vector<std::int32_t>{1, 2}, std::vector<std::int32_t>{1}),
      core::InputError);
}

TEST(Nmi, IndependentRandomLabelingsScoreNearZero) {
  core::Rng rng(17);
  std::vector<std::int32_t> a;
  std::vector<std::int32_t> b;
  for (int i = 0; i < 20000; ++i) {
    a.push_back(static_cast<std::int32_t>(rng.below(5)));
    b.push_back(static_cast<std::int32_t>(rng.below(7)));
  }
  EXPECT_LT(normalized_mutual_information(a, b), 0.005);
}

TEST(DominantArchetypes, TakesTheFirstSlot) {
  graph::synth::UserTruth truth;
  truth.begin = 10;
  truth.end = 13;
  truth.archetypes = {4, 2, -1, 0, -1, -1, 7, 1, 3};
  EXPECT_EQ(dominant_archetypes(truth), (std::vector<std::int32_t>{4, 0, 7}));
  truth.archetypes.pop_back();
  EXPECT_THROW(dominant_archetypes(truth), core::InputError);
}

}  // namespace
}  // namespace zipp::training
