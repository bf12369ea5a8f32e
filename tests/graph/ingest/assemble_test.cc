#include "graph/ingest/assemble.h"

#include <map>

#include <gtest/gtest.h>

#include "graph/graph_reader.h"
#include "graph/graph_writer.h"
#include "graph/ingest/edge_list_reader.h"
#include "graph/validate.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/ingest/ingest_test_files.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;

// Six users and six subreddits that exercise every filter with min_user_interactions 2 and
// min_subreddit_interactions 3: "[deleted]" goes by name, amy (1 interaction) by the user
// minimum, dan has no interaction, cpp (2) by the subreddit minimum, which leaves cat without
// edges; "empty" has no interaction and "deadsub" only one from "[deleted]".
EdgeTable filter_table() {
  EdgeTable t;
  t.users = {"zoe", "[deleted]", "amy", "bob", "cat", "dan"};
  t.subreddits = {"pics", "aww", "rare", "cpp", "empty", "deadsub"};
  t.interactions = {{0, 0, 1, 2}, {0, 1, 0, 1}, {0, 0, 1, 0}, {1, 0, 0, 9}, {1, 5, 0, 5},
                    {2, 0, 0, 1}, {3, 2, 0, 3}, {3, 1, 1, 1}, {4, 3, 1, 1}};
  t.image_titles[0] = {"sunset film photo", "film grain"};
  t.image_titles[2] = {"dropped user"};
  return t;
}

AssembleOptions filter_options() {
  AssembleOptions options;
  options.source = "test table";
  options.drop_users = {"[deleted]"};
  options.min_user_interactions = 2;
  options.min_subreddit_interactions = 3;
  return options;
}

std::vector<std::tuple<std::string, std::string, int, int>> edges_of(const BipartiteGraph& g) {
  std::vector<std::tuple<std::string, std::string, int, int>> out;
  for (std::int64_t u = 0; u < g.num_users; ++u) {
    for (std::int64_t e = g.csr.indptr[u]; e < g.csr.indptr[u + 1]; ++e) {
      out.emplace_back(g.user_names[u], g.subreddit_names[g.csr.indices[e]], g.csr.posts[e],
                       g.csr.comments[e]);
    }
  }
  return out;
}

using Edges = std::vector<std::tuple<std::string, std::string, int, int>>;

TEST(AssembleTest, AppliesTheFiltersInOrderAndCountsEachDrop) {
  AssembleReport report;
  const BipartiteGraph g = assemble_graph(filter_table(), filter_options(), &report);
  EXPECT_EQ(g.user_names, (std::vector<std::string>{"bob", "zoe"}));
  EXPECT_EQ(g.subreddit_names, (std::vector<std::string>{"aww", "pics", "rare"}));
  EXPECT_EQ(edges_of(g), (Edges{{"bob", "aww", 1, 1},
                                {"bob", "rare", 0, 3},
                                {"zoe", "aww", 0, 1},
                                {"zoe", "pics", 2, 2}}));
  EXPECT_EQ(report.users_in, 6);
  EXPECT_EQ(report.subreddits_in, 6);
  EXPECT_EQ(report.interactions_in, 9);
  EXPECT_EQ(report.users_dropped_by_name, 1);
  EXPECT_EQ(report.users_without_edges, 1);
  EXPECT_EQ(report.users_below_min, 1);
  EXPECT_EQ(report.subreddits_without_edges, 2);
  EXPECT_EQ(report.subreddits_below_min, 1);
  EXPECT_EQ(report.users_left_without_edges, 1);
  EXPECT_EQ(report.users, 2);
  EXPECT_EQ(report.subreddits, 3);
  EXPECT_EQ(report.edges, 4);
  EXPECT_EQ(report.posts, 3);
  EXPECT_EQ(report.comments, 7);
  EXPECT_EQ(g.source, "test table");
  EXPECT_NO_THROW(validate_graph(g, "assembled"));
  EXPECT_TRUE(contains(report.summary(), "1 left without edges by the subreddit minimum"));
}

TEST(AssembleTest, DescriptionsAndBuiltinFeaturesFollowTheMetadata) {
  AssembleOptions options = filter_options();
  options.metadata = SubredditMetadata{
      {{"pics", "Pictures of things"}, {"aww", ""}, {"gone", "not in the graph"}}};
  options.embedder.dim = 16;
  AssembleReport report;
  const BipartiteGraph g = assemble_graph(filter_table(), options, &report);
  EXPECT_EQ(g.subreddit_descriptions, (std::vector<std::string>{"", "Pictures of things", ""}));
  EXPECT_EQ(report.descriptions, 1);
  EXPECT_EQ(report.metadata_unmatched, 1);
  const at::Tensor expected = TextEmbedder(options.embedder).embed_all(g.subreddit_descriptions);
  EXPECT_TRUE(g.subreddit_features.equal(expected));
  EXPECT_EQ(report.feature_source, "builtin text embedder");
  EXPECT_EQ(report.feature_dim, 16);
  EXPECT_EQ(report.feature_zero_rows, 2);
}

TEST(AssembleTest, FeatureFileRowsAreMatchedByNameAndMissingOnesAreZero) {
  AssembleOptions options = filter_options();
  options.features = NamedMatrix{"f.npy", {"rare", "pics", "other"}, 2, {1, 2, 3, 4, 5, 6}};
  AssembleReport report;
  const BipartiteGraph g = assemble_graph(filter_table(), options, &report);
  const float* f = g.subreddit_features.data_ptr<float>();
  EXPECT_EQ((std::vector<float>(f, f + 6)), (std::vector<float>{0, 0, 3, 4, 1, 2}));
  EXPECT_EQ(report.feature_zero_rows, 1);
  EXPECT_EQ(report.feature_rows_unused, 1);
  EXPECT_EQ(report.feature_source, "f.npy");
}

TEST(AssembleTest, AlignmentFromImageTitlesOfKeptUsers) {
  AssembleOptions options = filter_options();
  options.embedder.dim = 32;
  options.max_titles_per_user = 1;
  AssembleReport report;
  const BipartiteGraph g = assemble_graph(filter_table(), options, &report);
  ASSERT_TRUE(g.alignment.has_value());
  EXPECT_EQ(g.alignment->user_ids, (std::vector<std::int64_t>{1}));  // zoe
  const std::vector<float> expected = TextEmbedder(options.embedder).embed("sunset film photo");
  const float* v = g.alignment->vectors.data_ptr<float>();
  for (std::size_t d = 0; d < expected.size(); ++d) EXPECT_NEAR(v[d], expected[d], 1e-6);
  EXPECT_EQ(report.alignment.users, 1);
  EXPECT_EQ(report.alignment.titles, 1);
  EXPECT_EQ(report.alignment.titles_over_limit, 1);
  EXPECT_EQ(report.alignment.source, "image-post titles");
}

TEST(AssembleTest, HeldOutSplitIsTheWholeGraphSplit) {
  AssembleOptions options = filter_options();
  options.heldout = HeldOutOptions{.seed = 7, .fraction = 0.5, .min_degree = 2};
  AssembleReport report;
  const BipartiteGraph g = assemble_graph(filter_table(), options, &report);
  ASSERT_TRUE(g.split.has_value());
  std::vector<std::uint8_t> expected(g.num_edges());
  mark_heldout(g.csr.indptr, 0, *options.heldout, expected);
  EXPECT_EQ(g.split->heldout, expected);
  EXPECT_EQ(g.split->seed, 7);
  EXPECT_EQ(report.heldout_edges, 2);  // one of each user's two edges
}

TEST(AssembleTest, RejectsTablesThatAreNotConsistent) {
  EdgeTable bad = filter_table();
  bad.interactions.push_back({9, 0, 1, 1});
  EXPECT_TRUE(contains(message_of<core::InputError>([&] { assemble_graph(bad, {}); }),
                       "interaction 9 names user 9"));
  EdgeTable twice = filter_table();
  twice.users[5] = "zoe";
  twice.interactions.push_back({5, 0, 1, 1});
  EXPECT_TRUE(contains(message_of<core::InputError>([&] { assemble_graph(twice, {}); }),
                       "user name 'zoe' appears twice"));
}

class EdgeListRoundTrip : public core::testing::TempDirTest {};

TEST_F(EdgeListRoundTrip, EdgeListToGraphFileAndBack) {
  const std::string rows =
      "user,subreddit,posts,comments\n"
      "mia,photography,2,5\nleo,analog,0,1\nmia,analog,1,0\nava,photography,0,3\n"
      "leo,photography,4,4\nmia,photography,1,1\nava,vaporwave,2,0\n";
  testing::write_text(path("edges.csv"), rows);
  // The expected graph, summed from the rows independently of the reader.
  std::map<std::pair<std::string, std::string>, std::pair<int, int>> sums;
  sums[{"mia", "photography"}] = {3, 6};
  sums[{"leo", "analog"}] = {0, 1};
  sums[{"mia", "analog"}] = {1, 0};
  sums[{"ava", "photography"}] = {0, 3};
  sums[{"leo", "photography"}] = {4, 4};
  sums[{"ava", "vaporwave"}] = {2, 0};

  const std::vector<std::string> inputs = {path("edges.csv").string()};
  AssembleOptions options;
  options.source = "edges.csv";
  options.heldout = HeldOutOptions{.seed = 3};
  write_graph(assemble_graph(read_edge_lists(inputs, {}), options), path("graph.h5"));
  ASSERT_NO_THROW(validate_graph_file(path("graph.h5")));

  const BipartiteGraph g = GraphReader::open(path("graph.h5")).read_all();
  EXPECT_EQ(g.user_names, (std::vector<std::string>{"ava", "leo", "mia"}));
  EXPECT_EQ(g.subreddit_names, (std::vector<std::string>{"analog", "photography", "vaporwave"}));
  Edges expected;
  for (const auto& [pair, counts] : sums) {
    expected.emplace_back(pair.first, pair.second, counts.first, counts.second);
  }
  EXPECT_EQ(edges_of(g), expected);
  EXPECT_EQ(g.source, "edges.csv");
  EXPECT_EQ(g.subreddit_features.size(1), TextEmbedderOptions{}.dim);
  ASSERT_TRUE(g.split.has_value());
  EXPECT_EQ(g.split->seed, 3);
  EXPECT_FALSE(g.alignment.has_value());
}

}  // namespace
}  // namespace zipp::graph
