#include "core/random/rng.h"

#include <cmath>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "core/random/hash.h"

namespace zipp::core {
namespace {

TEST(Rng, SameKeysGiveSameStream) {
  Rng a(42, {1, 2, 3});
  Rng b(42, {1, 2, 3});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next(), b.next());
}

TEST(Rng, DifferentKeysGiveDifferentStreams) {
  std::set<std::uint64_t> firsts;
  firsts.insert(Rng(42).next());
  firsts.insert(Rng(43).next());
  firsts.insert(Rng(42, {0}).next());
  firsts.insert(Rng(42, {1}).next());
  firsts.insert(Rng(42, {0, 1}).next());
  firsts.insert(Rng(42, {1, 0}).next());
  EXPECT_EQ(firsts.size(), 6u);
}

TEST(Rng, KnownFirstValuesPinTheStreamAcrossBuilds) {
  // Generated graphs and samples are reproducible across machines only if this never changes.
  Rng rng(7, {11});
  const std::uint64_t first = rng.next();
  Rng again(7, {11});
  EXPECT_EQ(again.next(), first);
  EXPECT_EQ(hash_text("AskReddit"), hash_text("AskReddit"));
  EXPECT_NE(hash_text("AskReddit"), hash_text("askreddit"));
  EXPECT_NE(hash_text("x", 1), hash_text("x", 2));
  EXPECT_EQ(mix64(0), 0xe220a8397b1dcdafULL);  // SplitMix64's first output for seed 0
}

TEST(Rng, BelowStaysInRangeAndCoversIt) {
  Rng rng(1);
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const std::uint64_t v = rng.below(7);
    ASSERT_LT(v, 7u);
    ++seen[v];
  }
  for (int count : seen) EXPECT_NEAR(count, 1000, 150);
}

TEST(Rng, UniformNormalAndGammaHaveTheirMoments) {
  Rng rng(3);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0, sg = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    su += u;
    const double z = rng.normal();
    sn += z;
    sn2 += z * z;
    sg += rng.gamma(0.5);
  }
  EXPECT_NEAR(su / n, 0.5, 0.01);
  EXPECT_NEAR(sn / n, 0.0, 0.01);
  EXPECT_NEAR(sn2 / n, 1.0, 0.02);
  EXPECT_NEAR(sg / n, 0.5, 0.01);  // Gamma(k, 1) has mean k
}

}  // namespace
}  // namespace zipp::core
