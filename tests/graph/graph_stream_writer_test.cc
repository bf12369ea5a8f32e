// GraphStreamWriter: users streamed in blocks give the same graph.h5 contents as write_graph of
// the whole graph, and rows the format forbids are refused with the user named.
#include "graph/graph_stream_writer.h"

#include <ATen/ops/equal.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include "graph/graph_reader.h"
#include "graph/validate.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/sample_graph.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;

class GraphStreamWriterTest : public core::testing::TempDirTest {};

GraphStreamOptions options_for(const BipartiteGraph& g, std::optional<HeldOutOptions> heldout) {
  GraphStreamOptions o;
  o.num_subreddits = g.num_subreddits;
  o.alignment_dim = g.alignment ? g.alignment->vectors.size(1) : 0;
  o.heldout = heldout;
  o.source = g.source;
  o.pass_edges = 3;  // several second-pass blocks even for a tiny graph
  return o;
}

// Users [begin, end) of an in-memory graph as a block.
struct Block {
  std::vector<std::string> names;
  std::vector<std::int64_t> indptr;
  std::vector<std::int32_t> indices, posts, comments;
  std::vector<std::int64_t> aligned;
  std::vector<float> vectors;
  UserRowsView view(std::int64_t first) const {
    return {first, names, indptr, indices, posts, comments, aligned, vectors};
  }
};

Block block_of(const BipartiteGraph& g, std::int64_t begin, std::int64_t end) {
  Block b;
  b.names.assign(g.user_names.begin() + begin, g.user_names.begin() + end);
  const std::int64_t e0 = g.csr.indptr[begin];
  const std::int64_t e1 = g.csr.indptr[end];
  for (std::int64_t u = begin; u <= end; ++u) b.indptr.push_back(g.csr.indptr[u] - e0);
  b.indices.assign(g.csr.indices.begin() + e0, g.csr.indices.begin() + e1);
  b.posts.assign(g.csr.posts.begin() + e0, g.csr.posts.begin() + e1);
  b.comments.assign(g.csr.comments.begin() + e0, g.csr.comments.begin() + e1);
  const at::Tensor vectors = g.alignment->vectors.contiguous();
  const std::int64_t d = vectors.size(1);
  for (std::size_t i = 0; i < g.alignment->user_ids.size(); ++i) {
    const std::int64_t id = g.alignment->user_ids[i];
    if (id < begin || id >= end) continue;
    b.aligned.push_back(id);
    const float* row = vectors.data_ptr<float>() + static_cast<std::int64_t>(i) * d;
    b.vectors.insert(b.vectors.end(), row, row + d);
  }
  return b;
}

TEST_F(GraphStreamWriterTest, StreamedBlocksEqualTheWholeGraph) {
  const BipartiteGraph g = testing::sample_graph();
  const HeldOutOptions heldout{.seed = 5, .fraction = 0.5, .min_degree = 2};
  {
    GraphStreamWriter writer(path("graph.h5"), options_for(g, heldout));
    writer.append_users(block_of(g, 0, 1).view(0));
    writer.append_users(block_of(g, 1, 1).view(1));  // an empty block is fine
    writer.append_users(block_of(g, 1, 4).view(1));
    writer.write_subreddits(g.subreddit_names, g.subreddit_descriptions, g.subreddit_features);
    const GraphStreamSummary summary = writer.finish();
    EXPECT_EQ(summary.num_users, 4);
    EXPECT_EQ(summary.num_edges, g.num_edges());
    EXPECT_EQ(summary.num_aligned, 2);
  }
  ASSERT_NO_THROW(validate_graph_file(path("graph.h5")));
  const BipartiteGraph r = GraphReader::open(path("graph.h5")).read_all();
  EXPECT_EQ(r.source, g.source);
  EXPECT_EQ(r.user_names, g.user_names);
  EXPECT_EQ(r.subreddit_names, g.subreddit_names);
  EXPECT_TRUE(at::equal(r.subreddit_features, g.subreddit_features));
  EXPECT_EQ(r.csr.indptr, g.csr.indptr);
  EXPECT_EQ(r.csr.indices, g.csr.indices);
  EXPECT_EQ(r.csr.posts, g.csr.posts);
  EXPECT_EQ(r.csr.comments, g.csr.comments);
  EXPECT_EQ(r.csr.features, g.csr.features);
  EXPECT_EQ(r.csc.indptr, g.csc.indptr);
  EXPECT_EQ(r.csc.indices, g.csc.indices);
  EXPECT_EQ(r.csc.edge_ids, g.csc.edge_ids);
  ASSERT_TRUE(r.alignment);
  EXPECT_EQ(r.alignment->user_ids, g.alignment->user_ids);
  EXPECT_TRUE(at::equal(r.alignment->vectors, g.alignment->vectors));
  ASSERT_TRUE(r.split);
  std::vector<std::uint8_t> expected(g.csr.indices.size());
  mark_heldout(g.csr.indptr, 0, heldout, expected);
  EXPECT_EQ(r.split->heldout, expected);
  EXPECT_EQ(r.split->seed, 5);
}

TEST_F(GraphStreamWriterTest, WithoutAlignmentOrSplitThoseGroupsAreAbsent) {
  BipartiteGraph g = testing::sample_graph();
  g.alignment = Alignment{{}, at::zeros({0, 3})};
  GraphStreamOptions o = options_for(g, std::nullopt);
  o.alignment_dim = 0;
  GraphStreamWriter writer(path("graph.h5"), o);
  writer.write_subreddits(g.subreddit_names, g.subreddit_descriptions, g.subreddit_features);
  writer.append_users(block_of(g, 0, 4).view(0));
  writer.finish();
  const GraphMeta meta = GraphReader::open(path("graph.h5")).meta();
  EXPECT_EQ(meta.num_aligned, 0);
  EXPECT_EQ(meta.alignment_dim, 0);
  EXPECT_FALSE(meta.has_split);
  EXPECT_NO_THROW(validate_graph_file(path("graph.h5")));
}

TEST_F(GraphStreamWriterTest, RefusesRowsTheFormatForbids) {
  const BipartiteGraph g = testing::sample_graph();
  GraphStreamWriter writer(path("graph.h5"), options_for(g, std::nullopt));

  Block unsorted = block_of(g, 0, 1);
  std::swap(unsorted.indices[0], unsorted.indices[1]);
  EXPECT_TRUE(contains(message_of<core::InputError>([&] { writer.append_users(unsorted.view(0)); }),
                       "user 0: subreddits must be strictly increasing"));
  Block empty_edge = block_of(g, 0, 1);
  empty_edge.posts[0] = 0;
  empty_edge.comments[0] = 0;
  EXPECT_TRUE(
      contains(message_of<core::InputError>([&] { writer.append_users(empty_edge.view(0)); }),
               "cannot make an edge"));
  Block out_of_range = block_of(g, 0, 1);
  out_of_range.indices[1] = 3;
  EXPECT_TRUE(
      contains(message_of<core::InputError>([&] { writer.append_users(out_of_range.view(0)); }),
               "subreddit id 3 outside [0, 3)"));
  EXPECT_TRUE(contains(
      message_of<core::InputError>([&] { writer.append_users(block_of(g, 1, 2).view(1)); }),
      "a block starts at user 1, expected the next user 0"));
  Block foreign = block_of(g, 0, 2);
  foreign.aligned = {3};
  EXPECT_TRUE(contains(message_of<core::InputError>([&] { writer.append_users(foreign.view(0)); }),
                       "aligned user 3 is not in the block"));
  EXPECT_TRUE(
      contains(message_of<core::InputError>([&] { writer.finish(); }), "before write_subreddits"));
}

TEST_F(GraphStreamWriterTest, AnUnfinishedWriterLeavesNoFile) {
  const BipartiteGraph g = testing::sample_graph();
  {
    GraphStreamWriter writer(path("graph.h5"), options_for(g, std::nullopt));
    writer.append_users(block_of(g, 0, 2).view(0));
  }
  EXPECT_TRUE(entries().empty());
}

}  // namespace
}  // namespace zipp::graph
