#include "graph/edge_features.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::graph {
namespace {

// Two users, two subreddits: u0 -> s0 (1 post, 1 comment), u0 -> s1 (0, 3), u1 -> s1 (1, 0).
// N_u = {5, 1}, N_s = {2, 4}.
const std::vector<std::int64_t> kIndptr = {0, 2, 3};
const std::vector<std::int32_t> kIndices = {0, 1, 1};
const std::vector<std::int32_t> kPosts = {1, 0, 1};
const std::vector<std::int32_t> kComments = {1, 3, 0};

TEST(EdgeFeatures, E1MatchesHandComputedValues) {
  EXPECT_NEAR(edge_e1(2, 5, 2), 0.3474117097641618, 1e-15);   // log 3 / sqrt 10
  EXPECT_NEAR(edge_e1(1, 1, 4), 0.34657359027997264, 1e-15);  // log 2 / 2
  EXPECT_DOUBLE_EQ(edge_e1(1, 1, 1), 0.6931471805599453);     // log 2
}

TEST(EdgeFeatures, E2IsTheCommentFraction) {
  EXPECT_DOUBLE_EQ(edge_e2(1, 1), 0.5);
  EXPECT_DOUBLE_EQ(edge_e2(0, 3), 1.0);
  EXPECT_DOUBLE_EQ(edge_e2(3, 0), 0.0);
  EXPECT_DOUBLE_EQ(edge_e2(1, 3), 0.75);
}

TEST(EdgeFeatures, RejectsEdgesWithoutInteractions) {
  EXPECT_THROW(edge_e2(0, 0), core::InputError);
  EXPECT_THROW(edge_e2(-1, 2), core::InputError);
  EXPECT_THROW(edge_e1(0, 3, 3), core::InputError);
  EXPECT_THROW(edge_e1(4, 3, 5), core::InputError);  // n_us above N_u
}

TEST(EdgeFeatures, TotalsSumPostsAndComments) {
  EXPECT_EQ(user_totals(kIndptr, kPosts, kComments), (std::vector<std::int64_t>{5, 1}));
  EXPECT_EQ(subreddit_totals(2, kIndices, kPosts, kComments), (std::vector<std::int64_t>{2, 4}));
  EXPECT_EQ(subreddit_totals(3, kIndices, kPosts, kComments), (std::vector<std::int64_t>{2, 4, 0}));
}

TEST(EdgeFeatures, TotalsDoNotOverflowInt32) {
  const std::vector<std::int64_t> indptr = {0, 2};
  const std::vector<std::int32_t> indices = {0, 1};
  const std::vector<std::int32_t> big = {2'000'000'000, 2'000'000'000};
  EXPECT_EQ(user_totals(indptr, big, big), (std::vector<std::int64_t>{8'000'000'000}));
  EXPECT_EQ(subreddit_totals(2, indices, big, big),
            (std::vector<std::int64_t>{4'000'000'000, 4'000'000'000}));
}

TEST(EdgeFeatures, ComputesBothFeaturesPerCsrEdge) {
  const std::vector<float> f = compute_edge_features(kIndptr, kIndices, kPosts, kComments, 2);
  ASSERT_EQ(f.size(), 6u);
  EXPECT_FLOAT_EQ(f[0], 0.3474117097641618f);
  EXPECT_FLOAT_EQ(f[1], 0.5f);
  EXPECT_FLOAT_EQ(f[2], 0.3099848428288717f);  // log 4 / sqrt 20
  EXPECT_FLOAT_EQ(f[3], 1.0f);
  EXPECT_FLOAT_EQ(f[4], 0.34657359027997264f);
  EXPECT_FLOAT_EQ(f[5], 0.0f);
}

TEST(EdgeFeatures, RejectsSubredditIdsOutOfRange) {
  EXPECT_THROW(compute_edge_features(kIndptr, kIndices, kPosts, kComments, 1), core::InputError);
}

}  // namespace
}  // namespace zipp::graph
