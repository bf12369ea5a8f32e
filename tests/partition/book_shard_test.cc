// Writing a partition out and reading it back: the book round-trips the partition and its local
// ids, the shards of all parts together hold every user, edge and feature of the graph exactly
// once, a shard is refused with a book it does not belong to, and one part gives one shard.
#include <filesystem>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/str.h"
#include "graph/graph_reader.h"
#include "partition/partition_book.h"
#include "partition/partition_run.h"
#include "partition/shard.h"
#include "tests/partition/community_graph.h"
#include "tests/partition/shard_check.h"

namespace zipp::partition {
namespace {

namespace fs = std::filesystem;

fs::path test_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / "zipp-book-shard-tests" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

PartitionOptions options(Method method, std::int64_t parts) {
  PartitionOptions o;
  o.method = method;
  o.parts = parts;
  o.seed = 3;
  o.chunk_users = 250;
  o.stream.pair_budget = 4096;
  return o;
}

void expect_round_trip(Method method, std::int64_t parts) {
  const fs::path dir = test_dir(core::str(method_name(method), parts));
  testing::CommunityGraphSpec spec;
  spec.users = 900;
  spec.subreddits = 60;
  const fs::path graph_path = testing::write_community_graph(dir / "graph.h5", spec);
  const graph::BipartiteGraph g = graph::GraphReader::open(graph_path).read_all();
  const MethodRun run = partition_to_directory(graph_path, options(method, parts), dir / "parts");

  const PartitionBook book = read_partition_book(book_path(dir / "parts"));
  EXPECT_EQ(book.info.num_parts, parts);
  EXPECT_EQ(book.info.method, method_name(method));
  EXPECT_EQ(book.info.num_edges, g.num_edges());
  EXPECT_EQ(book.user_part, run.partition.user_part);
  EXPECT_EQ(book.subreddit_part, run.partition.subreddit_part);
  EXPECT_DOUBLE_EQ(book.info.edge_cut, run.measured.quality.edge_cut());

  std::int64_t users = 0;
  std::int64_t edges = 0;
  std::vector<int> user_owners(g.num_users, 0);
  std::vector<int> subreddit_owners(g.num_subreddits, 0);
  for (std::int64_t p = 0; p < parts; ++p) {
    SCOPED_TRACE(core::str("part ", p));
    const Shard shard = open_rank_shard(dir / "parts", p);
    EXPECT_EQ(shard.part, p);
    testing::expect_shard_matches_graph(shard, g, book.subreddit_part, book.subreddit_local);
    for (std::int64_t i = 0; i < shard.num_users(); ++i) {
      ++user_owners[shard.user_ids[i]];
      EXPECT_EQ(book.user_part[shard.user_ids[i]], p);
      EXPECT_EQ(book.user_local[shard.user_ids[i]], i);
    }
    for (std::int64_t s = 0; s < shard.num_owned_subreddits(); ++s) {
      ++subreddit_owners[shard.subreddit_ids[s]];
    }
    EXPECT_EQ(shard.num_halo_subreddits(), book.parts[p].halo_subreddits);
    users += shard.num_users();
    edges += shard.num_edges();
  }
  EXPECT_EQ(users, g.num_users);
  EXPECT_EQ(edges, g.num_edges());
  for (const int owners : user_owners) ASSERT_EQ(owners, 1);
  for (const int owners : subreddit_owners) ASSERT_EQ(owners, 1);
  EXPECT_FALSE(fs::exists(shard_path(dir / "parts", parts)));
  EXPECT_TRUE(fs::exists(dir / "parts" / "report.json"));
}

TEST(BookAndShards, MetisFourPartsReproduceTheGraph) { expect_round_trip(Method::kMetis, 4); }
TEST(BookAndShards, StreamThreePartsReproduceTheGraph) { expect_round_trip(Method::kStream, 3); }
TEST(BookAndShards, HashTwoPartsReproduceTheGraph) { expect_round_trip(Method::kHash, 2); }
TEST(BookAndShards, OnePartIsOneShardWithTheWholeGraph) { expect_round_trip(Method::kMetis, 1); }

TEST(BookAndShards, GraphWithoutSplitOrAlignment) {
  const fs::path dir = test_dir("bare");
  testing::CommunityGraphSpec spec;
  spec.users = 120;
  spec.with_split = false;
  spec.with_alignment = false;
  const fs::path graph_path = testing::write_community_graph(dir / "graph.h5", spec);
  partition_to_directory(graph_path, options(Method::kMetis, 2), dir / "parts");
  const graph::BipartiteGraph g = graph::GraphReader::open(graph_path).read_all();
  const PartitionBook book = read_partition_book(book_path(dir / "parts"));
  for (std::int64_t p = 0; p < 2; ++p) {
    const Shard shard = open_rank_shard(dir / "parts", p);
    EXPECT_FALSE(shard.split.has_value());
    testing::expect_shard_matches_graph(shard, g, book.subreddit_part, book.subreddit_local);
  }
}

TEST(BookAndShards, RepartitioningWithFewerPartsRemovesStaleShardsAndMismatchesAreRefused) {
  const fs::path dir = test_dir("stale");
  testing::CommunityGraphSpec spec;
  spec.users = 200;
  const fs::path graph_path = testing::write_community_graph(dir / "graph.h5", spec);
  partition_to_directory(graph_path, options(Method::kHash, 4), dir / "parts");
  const fs::path old_shard = dir / "old-part-00001.h5";
  fs::copy_file(shard_path(dir / "parts", 1), old_shard);
  partition_to_directory(graph_path, options(Method::kHash, 2), dir / "parts");
  EXPECT_TRUE(fs::exists(shard_path(dir / "parts", 1)));
  EXPECT_FALSE(fs::exists(shard_path(dir / "parts", 2)));
  EXPECT_FALSE(fs::exists(shard_path(dir / "parts", 3)));
  EXPECT_THROW(open_rank_shard(dir / "parts", 2), core::InputError);
  // A shard from the earlier partitioning does not match the new book.
  fs::copy_file(old_shard, shard_path(dir / "parts", 1), fs::copy_options::overwrite_existing);
  try {
    open_rank_shard(dir / "parts", 1);
    FAIL() << "a stale shard was accepted";
  } catch (const core::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("does not belong"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace zipp::partition
