// The partitioners on planted-community graphs: every vertex owned exactly once, balance within
// the tolerance, structure-aware methods cutting far fewer edges than hashing, determinism by
// seed, one part, and the bad requests (too many parts, a missing graph).
#include "partition/partitioner.h"

#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "core/error.h"
#include "graph/graph_reader.h"
#include "partition/partition_run.h"
#include "partition/quality.h"
#include "tests/partition/community_graph.h"

namespace zipp::partition {
namespace {

namespace fs = std::filesystem;

fs::path graph_file(const std::string& name, const testing::CommunityGraphSpec& spec) {
  const fs::path path = fs::path(::testing::TempDir()) / "zipp-partition-tests" / (name + ".h5");
  if (!fs::exists(path)) testing::write_community_graph(path, spec);
  return path;
}

PartitionOptions options(Method method, std::int64_t parts, std::uint64_t seed = 7) {
  PartitionOptions o;
  o.method = method;
  o.parts = parts;
  o.seed = seed;
  o.tolerance = 0.05;
  o.chunk_users = 333;  // several blocks, the last one partial
  o.stream.pair_budget = 4096;
  return o;
}

// Quality computed directly from the in-memory graph, independently of measure_partition.
struct Direct {
  std::int64_t cut = 0;
  std::vector<std::int64_t> users, edges;
  std::vector<std::set<std::int32_t>> halo;
};

Direct direct_quality(const graph::BipartiteGraph& g, const Partition& p) {
  Direct d;
  d.users.assign(p.num_parts, 0);
  d.edges.assign(p.num_parts, 0);
  d.halo.resize(p.num_parts);
  for (std::int64_t u = 0; u < g.num_users; ++u) {
    const std::int32_t part = p.user_part[u];
    ++d.users[part];
    for (std::int64_t e = g.csr.indptr[u]; e < g.csr.indptr[u + 1]; ++e) {
      ++d.edges[part];
      const std::int32_t s = g.csr.indices[e];
      if (p.subreddit_part[s] != part) {
        ++d.cut;
        d.halo[part].insert(s);
      }
    }
  }
  return d;
}

class Partitioners : public ::testing::TestWithParam<Method> {};

TEST_P(Partitioners, OwnEveryVertexOnceAndMeasureTruthfully) {
  const testing::CommunityGraphSpec spec;
  const fs::path path = graph_file("communities", spec);
  const auto reader = graph::GraphReader::open(path);
  const Partition p = run_partitioner(reader, options(GetParam(), 4));
  ASSERT_EQ(p.user_part.size(), static_cast<std::size_t>(spec.users));
  ASSERT_EQ(p.subreddit_part.size(), static_cast<std::size_t>(spec.subreddits));
  for (const auto part : p.user_part) ASSERT_TRUE(part >= 0 && part < 4);
  for (const auto part : p.subreddit_part) ASSERT_TRUE(part >= 0 && part < 4);

  const MeasuredPartition measured = measure_partition(reader, p, 500);
  const Direct direct = direct_quality(reader.read_all(), p);
  EXPECT_EQ(measured.quality.cut_edges(), direct.cut);
  std::int64_t users = 0;
  for (std::int64_t part = 0; part < 4; ++part) {
    EXPECT_EQ(measured.quality.parts[part].users, direct.users[part]);
    EXPECT_EQ(measured.quality.parts[part].edges, direct.edges[part]);
    EXPECT_EQ(measured.halo[part],
              std::vector<std::int32_t>(direct.halo[part].begin(), direct.halo[part].end()));
    users += measured.quality.parts[part].users;
  }
  EXPECT_EQ(users, spec.users);
}

TEST_P(Partitioners, SameSeedSamePartition) {
  const fs::path path = graph_file("communities", {});
  const auto reader = graph::GraphReader::open(path);
  const Partition a = run_partitioner(reader, options(GetParam(), 3, 11));
  const Partition b = run_partitioner(reader, options(GetParam(), 3, 11));
  EXPECT_EQ(a.user_part, b.user_part);
  EXPECT_EQ(a.subreddit_part, b.subreddit_part);
}

TEST_P(Partitioners, OnePartOwnsEverything) {
  const fs::path path = graph_file("communities", {});
  const auto reader = graph::GraphReader::open(path);
  const Partition p = run_partitioner(reader, options(GetParam(), 1));
  EXPECT_EQ(p.num_parts, 1);
  for (const auto part : p.user_part) ASSERT_EQ(part, 0);
  for (const auto part : p.subreddit_part) ASSERT_EQ(part, 0);
  EXPECT_EQ(measure_partition(reader, p, 1000).quality.cut_edges(), 0);
}

TEST_P(Partitioners, MorePartsThanUsersIsAConfigError) {
  testing::CommunityGraphSpec spec;
  spec.users = 5;
  spec.subreddits = 8;
  const fs::path path = graph_file("five-users", spec);
  const auto reader = graph::GraphReader::open(path);
  EXPECT_NO_THROW(run_partitioner(reader, options(GetParam(), 5)));
  try {
    run_partitioner(reader, options(GetParam(), 6));
    FAIL() << "6 parts for 5 users were accepted";
  } catch (const core::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("exceeds the 5 users"), std::string::npos)
        << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(AllMethods, Partitioners,
                         ::testing::Values(Method::kMetis, Method::kHash, Method::kStream),
                         [](const auto& param_info) {
                           return std::string(method_name(param_info.param));
                         });

// METIS and the streaming method must hold the tolerance on users and edges and cut far fewer
// edges than hashing on a graph with planted communities.
TEST(PartitionQuality, StructureAwareMethodsAreBalancedAndBeatHashing) {
  testing::CommunityGraphSpec spec;
  spec.users = 4000;
  spec.subreddits = 160;
  spec.communities = 8;
  const fs::path path = graph_file("eight-communities", spec);
  const auto reader = graph::GraphReader::open(path);
  const auto hash = run_method(reader, options(Method::kHash, 8)).measured.quality;
  for (const Method method : {Method::kMetis, Method::kStream}) {
    SCOPED_TRACE(std::string(method_name(method)));
    const auto q = run_method(reader, options(method, 8)).measured.quality;
    EXPECT_TRUE(balance_problems(q, 0.05).empty())
        << "users " << q.user_imbalance() << ", edges " << q.edge_imbalance();
    EXPECT_LT(q.edge_cut(), 0.5 * hash.edge_cut())
        << "cut " << q.edge_cut() << " vs hash " << hash.edge_cut();
    EXPECT_LT(q.halo_total(), hash.halo_total());
  }
  // Hashing cuts about (P-1)/P of the edges.
  EXPECT_NEAR(hash.edge_cut(), 7.0 / 8.0, 0.05);
}

TEST(PartitionQuality, ImbalanceAndTrafficFollowTheirDefinitions) {
  PartitionQuality q;
  q.num_parts = 2;
  q.num_subreddits = 10;
  q.num_edges = 100;
  q.feature_dim = 8;
  q.parts = {{30, 60, 6, 4, 3}, {10, 40, 4, 6, 1}};
  EXPECT_DOUBLE_EQ(q.user_imbalance(), 30.0 / 20.0 - 1);
  EXPECT_DOUBLE_EQ(q.edge_imbalance(), 60.0 / 50.0 - 1);
  EXPECT_DOUBLE_EQ(q.edge_cut(), 0.1);
  EXPECT_DOUBLE_EQ(q.replication_factor(), 14.0 / 10.0);
  EXPECT_EQ(q.traffic_cached_bytes(), 4 * 8 * 4);
  EXPECT_EQ(q.traffic_uncached_bytes(), 10 * 8 * 4);
  EXPECT_TRUE(balance_problems(q, 0.5).empty());
  EXPECT_EQ(balance_problems(q, 0.3).size(), 1u);  // users only
  EXPECT_EQ(balance_problems(q, 0.1).size(), 2u);
}

TEST(PartitionInput, MissingGraphIsAnInputErrorThatSaysWhatToDo) {
  const fs::path missing = fs::path(::testing::TempDir()) / "no-such-dir" / "graph.h5";
  try {
    open_graph(missing);
    FAIL() << "a missing graph was opened";
  } catch (const core::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("zipp graph synth"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace zipp::partition
