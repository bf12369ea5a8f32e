#include "graph/csr_builder.h"

#include <cmath>

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::graph {
namespace {

using I64 = std::vector<std::int64_t>;
using I32 = std::vector<std::int32_t>;

TEST(CsrBuilder, SortsByUserThenSubredditAndSumsDuplicates) {
  // 3 users, 4 subreddits, records out of order, (1, 2) three times; user 2 has no edges.
  const std::vector<Interaction> records = {
      {1, 3, 1, 0}, {0, 2, 0, 1}, {1, 2, 1, 1}, {0, 0, 2, 0},
      {1, 2, 0, 4}, {1, 0, 0, 1}, {1, 2, 3, 0},
  };
  const Csr csr = build_csr(records, 3, 4);
  EXPECT_EQ(csr.indptr, (I64{0, 2, 5, 5}));
  EXPECT_EQ(csr.indices, (I32{0, 2, 0, 2, 3}));
  EXPECT_EQ(csr.posts, (I32{2, 0, 0, 4, 1}));
  EXPECT_EQ(csr.comments, (I32{0, 1, 1, 5, 0}));
  ASSERT_EQ(csr.features.size(), 10u);
  // Edge (1, 2): n = 9, N_u1 = 11, N_s2 = 10; e2 = 5 / 9.
  EXPECT_FLOAT_EQ(csr.features[6], static_cast<float>(std::log(10.0) / std::sqrt(110.0)));
  EXPECT_FLOAT_EQ(csr.features[7], 5.0f / 9.0f);
}

TEST(CsrBuilder, CscListsUsersPerSubredditWithCsrPositions) {
  const std::vector<Interaction> records = {
      {2, 1, 1, 0}, {0, 1, 1, 0}, {1, 0, 1, 0}, {0, 0, 1, 0}, {2, 0, 0, 1}};
  const Csr csr = build_csr(records, 3, 3);
  // CSR edges: 0:(0,0) 1:(0,1) 2:(1,0) 3:(2,0) 4:(2,1)
  EXPECT_EQ(csr.indices, (I32{0, 1, 0, 0, 1}));
  const Csc csc = build_csc(csr, 3);
  EXPECT_EQ(csc.indptr, (I64{0, 3, 5, 5}));
  EXPECT_EQ(csc.indices, (I32{0, 1, 2, 0, 2}));
  EXPECT_EQ(csc.edge_ids, (I64{0, 2, 3, 1, 4}));
}

TEST(CsrBuilder, EmptyGraphHasZeroIndptr) {
  const Csr csr = build_csr({}, 2, 3);
  EXPECT_EQ(csr.indptr, (I64{0, 0, 0}));
  EXPECT_TRUE(csr.indices.empty());
  EXPECT_EQ(build_csc(csr, 3).indptr, (I64{0, 0, 0, 0}));
}

std::string error_of(const std::vector<Interaction>& records) {
  try {
    build_csr(records, 2, 2);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST(CsrBuilder, RejectsBadRecordsNamingThem) {
  EXPECT_NE(error_of({{0, 0, 1, 0}, {2, 0, 1, 0}}).find("interaction 1: user id 2"),
            std::string::npos);
  EXPECT_NE(error_of({{0, -1, 1, 0}}).find("subreddit id -1"), std::string::npos);
  EXPECT_NE(error_of({{0, 1, -1, 0}}).find("negative counts"), std::string::npos);
  EXPECT_NE(error_of({{1, 1, 0, 0}}).find("user 1, subreddit 1: an edge needs"), std::string::npos);
  EXPECT_NE(error_of({{0, 0, 2'000'000'000, 0}, {0, 0, 2'000'000'000, 0}}).find("int32"),
            std::string::npos);
}

}  // namespace
}  // namespace zipp::graph
