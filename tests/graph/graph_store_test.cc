#include <ATen/ops/equal.h>
#include <gtest/gtest.h>

#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_tensor.h"
#include "graph/graph_reader.h"
#include "graph/graph_writer.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/sample_graph.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;

class GraphStoreTest : public core::testing::TempDirTest {};

void expect_equal(const BipartiteGraph& a, const BipartiteGraph& b) {
  EXPECT_EQ(a.num_users, b.num_users);
  EXPECT_EQ(a.num_subreddits, b.num_subreddits);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.user_names, b.user_names);
  EXPECT_EQ(a.subreddit_names, b.subreddit_names);
  EXPECT_EQ(a.subreddit_descriptions, b.subreddit_descriptions);
  EXPECT_TRUE(at::equal(a.subreddit_features, b.subreddit_features));
  EXPECT_EQ(a.csr.indptr, b.csr.indptr);
  EXPECT_EQ(a.csr.indices, b.csr.indices);
  EXPECT_EQ(a.csr.posts, b.csr.posts);
  EXPECT_EQ(a.csr.comments, b.csr.comments);
  EXPECT_EQ(a.csr.features, b.csr.features);
  EXPECT_EQ(a.csc.indptr, b.csc.indptr);
  EXPECT_EQ(a.csc.indices, b.csc.indices);
  EXPECT_EQ(a.csc.edge_ids, b.csc.edge_ids);
  ASSERT_EQ(a.alignment.has_value(), b.alignment.has_value());
  if (a.alignment) {
    EXPECT_EQ(a.alignment->user_ids, b.alignment->user_ids);
    EXPECT_TRUE(at::equal(a.alignment->vectors, b.alignment->vectors));
  }
  ASSERT_EQ(a.split.has_value(), b.split.has_value());
  if (a.split) {
    EXPECT_EQ(a.split->heldout, b.split->heldout);
    EXPECT_EQ(a.split->seed, b.split->seed);
  }
}

TEST_F(GraphStoreTest, RoundTripsTheWholeGraph) {
  const BipartiteGraph g = testing::sample_graph();
  write_graph(g, path("graph.h5"));
  EXPECT_EQ(entries(), std::vector<std::string>{"graph.h5"});  // no temporary left
  const GraphReader reader = GraphReader::open(path("graph.h5"));
  EXPECT_EQ(reader.meta().num_edges, 7);
  EXPECT_EQ(reader.meta().feature_dim, 4);
  EXPECT_EQ(reader.meta().alignment_dim, 3);
  EXPECT_EQ(reader.meta().num_aligned, 2);
  EXPECT_TRUE(reader.meta().has_split);
  expect_equal(reader.read_all(), g);
}

TEST_F(GraphStoreTest, RoundTripsWithoutOptionalGroups) {
  BipartiteGraph g = testing::sample_graph();
  g.alignment.reset();
  g.split.reset();
  write_graph(g, path("graph.h5"));
  const GraphReader reader = GraphReader::open(path("graph.h5"));
  EXPECT_EQ(reader.meta().alignment_dim, 0);
  EXPECT_FALSE(reader.meta().has_split);
  expect_equal(reader.read_all(), g);
}

TEST_F(GraphStoreTest, WritesTheAlignmentMask) {
  write_graph(testing::sample_graph(), path("graph.h5"));
  const GraphReader reader = GraphReader::open(path("graph.h5"));
  const at::Tensor mask = core::h5::read_tensor(reader.file(), "/users/alignment/mask");
  ASSERT_EQ(mask.scalar_type(), at::kByte);
  const std::vector<std::uint8_t> values(mask.data_ptr<std::uint8_t>(),
                                         mask.data_ptr<std::uint8_t>() + mask.numel());
  EXPECT_EQ(values, (std::vector<std::uint8_t>{0, 1, 0, 1}));
}

TEST_F(GraphStoreTest, ReadsOneUserRangeOfTheCsr) {
  const BipartiteGraph g = testing::sample_graph();
  write_graph(g, path("graph.h5"));
  const GraphReader reader = GraphReader::open(path("graph.h5"));
  // Users 1 and 2: edges [2, 5) of the CSR.
  const UserRows rows = reader.read_user_rows(1, 3);
  EXPECT_EQ(rows.indptr, (std::vector<std::int64_t>{2, 4, 5}));
  EXPECT_EQ(rows.edge_begin(), 2);
  EXPECT_EQ(rows.num_edges(), 3);
  EXPECT_EQ(rows.indices, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(rows.posts, (std::vector<std::int32_t>{1, 3, 2}));
  EXPECT_EQ(rows.comments, (std::vector<std::int32_t>{1, 0, 2}));
  EXPECT_EQ(rows.features,
            std::vector<float>(g.csr.features.begin() + 4, g.csr.features.begin() + 10));
  EXPECT_EQ(reader.read_user_rows(2, 2).num_edges(), 0);
  EXPECT_EQ(reader.user_names(1, 3), (std::vector<std::string>{"bob", "carol"}));
  EXPECT_TRUE(contains(message_of<core::InputError>([&] { reader.read_user_rows(3, 5); }),
                       "user range [3, 5) is not within [0, 4)"));
}

TEST_F(GraphStoreTest, RefusesAnotherFormatVersionNamingTheFile) {
  write_graph(testing::sample_graph(), path("graph.h5"));
  {
    auto file = core::h5::File::open(path("graph.h5"), core::h5::Access::kReadWrite);
    core::h5::set_attribute(file, "format_version", 2);
  }
  const std::string message =
      message_of<core::InputError>([&] { GraphReader::open(path("graph.h5")); });
  EXPECT_TRUE(contains(message, "graph.h5: graph.h5 format_version 2 is not supported")) << message;
}

TEST_F(GraphStoreTest, NamesAMissingDataset) {
  BipartiteGraph g = testing::sample_graph();
  write_graph(g, path("graph.h5"));
  {
    auto file = core::h5::File::open(path("graph.h5"), core::h5::Access::kReadWrite);
    core::h5::set_attribute(file, "num_edges", 8);
  }
  const std::string message =
      message_of<core::Hdf5Error>([&] { GraphReader::open(path("graph.h5")); });
  EXPECT_TRUE(contains(message, "/csr/indices")) << message;
}

TEST_F(GraphStoreTest, WriterRefusesArraysOfTheWrongSize) {
  BipartiteGraph g = testing::sample_graph();
  g.csr.posts.pop_back();
  const std::string message =
      message_of<core::InputError>([&] { write_graph(g, path("graph.h5")); });
  EXPECT_TRUE(contains(message, "csr/posts has 6 entries, expected 7")) << message;
  EXPECT_TRUE(entries().empty());
}

}  // namespace
}  // namespace zipp::graph
