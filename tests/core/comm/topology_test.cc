// Topology and launcher variables on real ranks, all on this one host under mpiexec.
#include "core/comm/topology.h"

#include <set>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/comm/launcher_env.h"

namespace zipp::core::comm {
namespace {

TEST(Topology, OneHostHoldsEveryRank) {
  const Communicator world = Communicator::world();
  const Topology topology = discover_topology(world);
  EXPECT_EQ(topology.rank, world.rank());
  EXPECT_EQ(topology.size, world.size());
  EXPECT_EQ(topology.local_rank, world.rank());
  EXPECT_EQ(topology.local_size, world.size());
  EXPECT_EQ(topology.node_index, 0);
  EXPECT_EQ(topology.node_count, 1);
  EXPECT_FALSE(topology.host.empty());
}

TEST(Topology, NodesOfASplitAreNumberedByLowestRank) {
  // Splitting world in two by parity gives communicators that are each one node: checks that
  // node numbering follows the communicator passed in, not the world.
  const Communicator world = Communicator::world();
  const Communicator half = world.split(world.rank() % 2, world.rank());
  const Topology topology = discover_topology(half);
  EXPECT_EQ(topology.size, half.size());
  EXPECT_EQ(topology.local_rank, half.rank());
  EXPECT_EQ(topology.node_count, 1);
}

TEST(RankInfo, RankZeroHearsFromEveryRank) {
  const Communicator world = Communicator::world();
  const std::vector<RankInfo> infos = gather_rank_info(world);
  if (world.rank() != 0) {
    EXPECT_TRUE(infos.empty());
    return;
  }
  ASSERT_EQ(static_cast<int>(infos.size()), world.size());
  std::set<long> pids;
  for (int r = 0; r < world.size(); ++r) {
    EXPECT_EQ(infos[r].rank, r);
    EXPECT_EQ(infos[r].local_rank, r);
    EXPECT_EQ(infos[r].local_size, world.size());
    EXPECT_EQ(infos[r].host, infos[0].host);
    EXPECT_GT(infos[r].hardware_threads, 0);
    EXPECT_GT(infos[r].torch_threads, 0);
    pids.insert(infos[r].pid);
  }
  EXPECT_EQ(static_cast<int>(pids.size()), world.size()) << "every rank is its own process";
  EXPECT_EQ(infos[0].pid, static_cast<long>(::getpid()));
}

TEST(LauncherEnv, MpiexecVariablesAgreeWithMpi) {
  const Communicator world = Communicator::world();
  const LauncherEnv env = read_launcher_env();
  ASSERT_TRUE(env.under_mpirun()) << "these tests run under Open MPI's mpiexec";
  EXPECT_EQ(env.ompi_rank, world.rank());
  EXPECT_EQ(env.ompi_size, world.size());
  const std::vector<std::string> mismatches = cross_check(env, discover_topology(world));
  EXPECT_TRUE(mismatches.empty()) << mismatches.front();
  EXPECT_EQ(log_launcher_mismatches(env, discover_topology(world)), 0);
}

}  // namespace
}  // namespace zipp::core::comm
