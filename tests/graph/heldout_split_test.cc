#include "graph/heldout_split.h"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::graph {
namespace {

TEST(HeldOutSplit, CountsNeverTakeAUsersLastEdge) {
  HeldOutOptions options{.seed = 1, .fraction = 0.1, .min_degree = 2};
  EXPECT_EQ(heldout_count(0, options), 0);
  EXPECT_EQ(heldout_count(1, options), 0);
  EXPECT_EQ(heldout_count(2, options), 1);
  EXPECT_EQ(heldout_count(25, options), 2);
  options.min_degree = 5;
  EXPECT_EQ(heldout_count(4, options), 0);
  options.fraction = 0.99;
  EXPECT_EQ(heldout_count(10, options), 9);
  options.fraction = 0;
  EXPECT_EQ(heldout_count(10, options), 0);
}

TEST(HeldOutSplit, MarksTheCountedNumberPerUser) {
  const std::vector<std::int64_t> indptr = {0, 1, 3, 3, 23, 123};
  std::vector<std::uint8_t> out(123, 7);
  const HeldOutOptions options{.seed = 9, .fraction = 0.1};
  mark_heldout(indptr, 0, options, out);
  for (std::size_t u = 0; u + 1 < indptr.size(); ++u) {
    int marked = 0;
    for (std::int64_t e = indptr[u]; e < indptr[u + 1]; ++e) marked += out[e];
    EXPECT_EQ(marked, heldout_count(indptr[u + 1] - indptr[u], options)) << "user " << u;
  }
}

TEST(HeldOutSplit, ABlockEqualsTheSameUsersInTheWholeGraph) {
  std::vector<std::int64_t> indptr = {0};
  for (int u = 0; u < 50; ++u) indptr.push_back(indptr.back() + 1 + (u * 7) % 13);
  const HeldOutOptions options{.seed = 5, .fraction = 0.2};
  std::vector<std::uint8_t> whole(indptr.back());
  mark_heldout(indptr, 0, options, whole);

  const std::vector<std::int64_t> block(indptr.begin() + 20, indptr.begin() + 31);  // users 20..29
  std::vector<std::uint8_t> part(block.back() - block.front());
  mark_heldout(block, 20, options, part);
  EXPECT_EQ(part,
            std::vector<std::uint8_t>(whole.begin() + block.front(), whole.begin() + block.back()));
}

TEST(HeldOutSplit, SeedChangesTheChoice) {
  const std::vector<std::int64_t> indptr = {0, 1000};
  std::vector<std::uint8_t> a(1000), b(1000);
  mark_heldout(indptr, 0, {.seed = 1}, a);
  mark_heldout(indptr, 0, {.seed = 2}, b);
  EXPECT_NE(a, b);
}

TEST(HeldOutSplit, RejectsAFractionOfOne) {
  const std::vector<std::int64_t> indptr = {0, 10};
  std::vector<std::uint8_t> out(10);
  EXPECT_THROW(mark_heldout(indptr, 0, {.fraction = 1.0}, out), core::ConfigError);
}

}  // namespace
}  // namespace zipp::graph
