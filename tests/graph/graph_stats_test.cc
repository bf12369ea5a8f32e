#include "graph/graph_stats.h"

#include <cmath>

#include <gtest/gtest.h>

#include "graph/graph_writer.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/sample_graph.h"

namespace zipp::graph {
namespace {

class GraphStatsTest : public core::testing::TempDirTest {};

// The sample's CSR: user 0 -> {0, 2}, user 1 -> {0, 1}, user 2 -> {2}, user 3 -> {0, 1}.
TEST_F(GraphStatsTest, FiguresOfTheSampleGraphWhateverTheBlockSize) {
  const BipartiteGraph g = testing::sample_graph();
  write_graph(g, path("graph.h5"));
  for (const std::int64_t block : {std::int64_t{1}, std::int64_t{3}, std::int64_t{1} << 22}) {
    SCOPED_TRACE(block);
    const GraphStats s = compute_graph_stats(path("graph.h5"), block);
    EXPECT_EQ(s.meta.num_edges, 7);
    // User degrees 2, 2, 1, 2; subreddit degrees 3, 2, 2.
    EXPECT_EQ(s.user_degree.min, 1);
    EXPECT_EQ(s.user_degree.p50, 2);
    EXPECT_EQ(s.user_degree.max, 2);
    EXPECT_DOUBLE_EQ(s.user_degree.mean, 7.0 / 4);
    EXPECT_EQ(s.subreddit_degree.min, 2);
    EXPECT_EQ(s.subreddit_degree.p50, 2);
    EXPECT_EQ(s.subreddit_degree.p90, 3);
    EXPECT_EQ(s.subreddit_degree.max, 3);
    // The sample's records summed by hand.
    EXPECT_EQ(s.posts, 9);
    EXPECT_EQ(s.comments, 11);
    // Features 0..11: mean 5.5, population std sqrt((12^2 - 1) / 12).
    EXPECT_EQ(s.subreddit_features.values.count, 12);
    EXPECT_DOUBLE_EQ(s.subreddit_features.values.mean, 5.5);
    EXPECT_NEAR(s.subreddit_features.values.std, std::sqrt(143.0 / 12), 1e-12);
    EXPECT_EQ(s.subreddit_features.values.min, 0);
    EXPECT_EQ(s.subreddit_features.values.max, 11);
    EXPECT_EQ(s.subreddit_features.zero_rows, 0);
    ASSERT_EQ(s.edge_features.columns.size(), 2U);
    double e2_sum = 0;
    for (std::size_t e = 0; e < 7; ++e) e2_sum += g.csr.features[2 * e + 1];
    EXPECT_NEAR(s.edge_features.columns[1].mean, e2_sum / 7, 1e-7);
    EXPECT_EQ(s.aligned_users, 2);
    EXPECT_EQ(s.heldout_edges, 3);
    EXPECT_EQ(s.split_seed, 42);
    EXPECT_FALSE(s.has_truth);
  }
}

}  // namespace
}  // namespace zipp::graph
