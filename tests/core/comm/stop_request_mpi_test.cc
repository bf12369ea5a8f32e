// A stop signal on one rank stops every rank: agree_on_stop returns it everywhere.
#include <algorithm>
#include <csignal>
#include <vector>

#include <gtest/gtest.h>

#include "core/comm/control.h"
#include "core/comm/stop_request.h"

namespace zipp::core::comm {
namespace {

TEST(AgreeOnStop, NoSignalAnywhereMeansGoOn) {
  const Communicator world = Communicator::world();
  install_stop_handlers();
  clear_stop_request();
  EXPECT_EQ(agree_on_stop(world), 0);
}

TEST(AgreeOnStop, ASignalOnRankOneStopsEveryRank) {
  const Communicator world = Communicator::world();
  install_stop_handlers();
  clear_stop_request();
  if (world.rank() == 1) {
    ASSERT_EQ(std::raise(SIGUSR1), 0);
  }
  // Only rank 1 holds the request locally...
  EXPECT_EQ(stop_signal(), world.rank() == 1 ? SIGUSR1 : 0);
  // ...but every rank agrees to stop.
  EXPECT_EQ(agree_on_stop(world), SIGUSR1);
  clear_stop_request();
  EXPECT_EQ(agree_on_stop(world), 0);
}

TEST(AgreeOnStop, DifferentSignalsOnDifferentRanksAgreeOnOne) {
  const Communicator world = Communicator::world();
  install_stop_handlers();
  clear_stop_request();
  if (world.rank() == 0) {
    ASSERT_EQ(std::raise(SIGUSR1), 0);
  }
  if (world.rank() == world.size() - 1) {
    ASSERT_EQ(std::raise(SIGTERM), 0);
  }
  // The documented choice: the largest signal number.
  const int agreed = agree_on_stop(world);
  EXPECT_EQ(agreed, std::max(SIGUSR1, SIGTERM));
  // Every rank holds the same answer.
  const std::vector<int64_t> all = allgather_ints(world, {agreed});
  for (const int64_t value : all) EXPECT_EQ(value, agreed);
  clear_stop_request();
}

}  // namespace
}  // namespace zipp::core::comm
