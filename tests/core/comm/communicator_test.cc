// The MPI runtime on real ranks: environment, world, dup, split, shared-memory split, moves.
#include "core/comm/communicator.h"

#include <utility>

#include <gtest/gtest.h>

#include "core/comm/environment.h"
#include "core/error.h"

namespace zipp::core::comm {
namespace {

TEST(Environment, NestedEnvironmentChecksTheLevelAndLeavesMpiRunning) {
  int argc = 0;
  char** argv = nullptr;
  {
    const Environment nested(argc, argv, ThreadLevel::kSerialized);
    EXPECT_FALSE(nested.owns_mpi());
    EXPECT_GE(nested.provided(), ThreadLevel::kSerialized);
    EXPECT_EQ(query_thread_level(), nested.provided());
  }
  // The nested object did not start MPI, so its destruction must not have stopped it.
  EXPECT_NO_THROW(Communicator::world().barrier());
}

TEST(Environment, ThreadLevelNamesAreMpiNames) {
  EXPECT_EQ(thread_level_name(ThreadLevel::kSingle), "MPI_THREAD_SINGLE");
  EXPECT_EQ(thread_level_name(ThreadLevel::kMultiple), "MPI_THREAD_MULTIPLE");
}

TEST(Communicator, WorldIsBorrowedAndDupIsOwned) {
  const Communicator world = Communicator::world();
  EXPECT_FALSE(world.owns_handle());
  EXPECT_GE(world.size(), 2);
  EXPECT_GE(world.rank(), 0);
  EXPECT_LT(world.rank(), world.size());

  const Communicator copy = world.dup();
  EXPECT_TRUE(copy.owns_handle());
  EXPECT_EQ(copy.rank(), world.rank());
  EXPECT_EQ(copy.size(), world.size());
}

TEST(Communicator, SplitGroupsByColorAndOrdersByKey) {
  const Communicator world = Communicator::world();
  const int parity = world.rank() % 2;
  // Key -rank reverses the order inside each color.
  const Communicator half = world.split(parity, -world.rank());
  const int same_parity = (world.size() + 1 - parity) / 2;
  EXPECT_EQ(half.size(), same_parity);
  const int position_from_front = world.rank() / 2;
  EXPECT_EQ(half.rank(), same_parity - 1 - position_from_front);
  EXPECT_THROW(world.split(-1, 0), Error);
}

TEST(Communicator, SharedSplitCoversThisHost) {
  // The tests run all ranks on one machine.
  const Communicator world = Communicator::world();
  const Communicator node = world.split_shared();
  EXPECT_EQ(node.size(), world.size());
  EXPECT_EQ(node.rank(), world.rank());
}

TEST(Communicator, MovesTransferOwnership) {
  const Communicator world = Communicator::world();
  Communicator first = world.dup();
  Communicator second = std::move(first);
  EXPECT_TRUE(second.owns_handle());
  EXPECT_EQ(second.size(), world.size());
  EXPECT_THROW((void)first.rank(), InternalError);  // NOLINT(bugprone-use-after-move)

  Communicator third = world.split(0, world.rank());
  third = std::move(second);  // frees third's own handle, takes second's
  EXPECT_EQ(third.rank(), world.rank());
  EXPECT_NO_THROW(third.barrier());
}

}  // namespace
}  // namespace zipp::core::comm
