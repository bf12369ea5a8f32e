// Each rank of an MPI job opens its own shard of a partition with one part per rank; together
// the shards reproduce the global graph exactly: every user and every edge (with counts,
// features and held-out flags) once, every subreddit's feature row owned by exactly one rank.
#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/comm/control.h"
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
namespace comm = core::comm;

class RankShards : public ::testing::TestWithParam<Method> {};

TEST_P(RankShards, TogetherReproduceTheGlobalGraph) {
  const auto world = comm::Communicator::world();
  // One directory per job (rank 0's pid), so concurrent runs with 2 and 4 ranks do not collide.
  const auto pid = comm::broadcast_ints(world, {static_cast<std::int64_t>(getpid())}, 0)[0];
  const fs::path dir = fs::path(::testing::TempDir()) /
                       core::str("zipp-shard-mpi-", pid, "-", method_name(GetParam()));
  const fs::path graph_path = dir / "graph.h5";
  comm::agree_on_setup(world, [&] {
    if (world.rank() != 0) return;
    fs::remove_all(dir);
    testing::CommunityGraphSpec spec;
    spec.users = 1500;
    spec.subreddits = 64;
    testing::write_community_graph(graph_path, spec);
    PartitionOptions options;
    options.method = GetParam();
    options.parts = world.size();
    options.seed = 5;
    options.chunk_users = 400;
    options.stream.pair_budget = 4096;
    partition_to_directory(graph_path, options, dir / "parts");
  });

  const Shard shard = open_rank_shard(dir / "parts", world.rank());
  EXPECT_EQ(shard.part, world.rank());
  EXPECT_EQ(shard.num_parts, world.size());
  const graph::BipartiteGraph g = graph::GraphReader::open(graph_path).read_all();
  const PartitionBook book = read_partition_book(book_path(dir / "parts"));
  testing::expect_shard_matches_graph(shard, g, book.subreddit_part, book.subreddit_local);

  std::vector<std::int64_t> users(g.num_users, 0);
  std::vector<std::int64_t> subreddits(g.num_subreddits, 0);
  for (const auto u : shard.user_ids) ++users[u];
  for (std::int64_t s = 0; s < shard.num_owned_subreddits(); ++s)
    ++subreddits[shard.subreddit_ids[s]];
  users = comm::allreduce_sum_ints(world, users);
  subreddits = comm::allreduce_sum_ints(world, subreddits);
  const auto edges = comm::allreduce_sum_ints(world, {shard.num_edges()})[0];
  for (std::int64_t u = 0; u < g.num_users; ++u) ASSERT_EQ(users[u], 1) << "user " << u;
  for (std::int64_t s = 0; s < g.num_subreddits; ++s)
    ASSERT_EQ(subreddits[s], 1) << "subreddit " << s;
  EXPECT_EQ(edges, g.num_edges());

  world.barrier();
  if (world.rank() == 0) fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Methods, RankShards, ::testing::Values(Method::kMetis, Method::kStream),
                         [](const auto& param_info) {
                           return std::string(method_name(param_info.param));
                         });

}  // namespace
}  // namespace zipp::partition
