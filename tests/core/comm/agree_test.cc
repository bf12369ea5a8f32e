// Setup errors agreed on by all ranks: every rank throws the same CollectiveError, none hangs.
#include "core/comm/agree.h"

#include <string>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::core::comm {
namespace {

std::string agreed_message(const Communicator& comm, const std::function<void()>& step) {
  try {
    agree_on_setup(comm, step);
  } catch (const CollectiveError& error) {
    return error.what();
  }
  return "no error";
}

TEST(AgreeOnSetup, NoErrorAnywhereThrowsNothing) {
  const Communicator world = Communicator::world();
  int runs = 0;
  EXPECT_NO_THROW(agree_on_setup(world, [&] { ++runs; }));
  EXPECT_EQ(runs, 1);
}

TEST(AgreeOnSetup, ErrorOnOneRankIsReportedOnEveryRank) {
  const Communicator world = Communicator::world();
  const int last = world.size() - 1;
  const std::string message = agreed_message(world, [&] {
    if (world.rank() == last) throw InputError("cannot open 'x.h5'");
  });
  EXPECT_EQ(message, str("setup failed on 1 of ", world.size(), " ranks: rank ", last,
                         ": cannot open 'x.h5'"));
  // Nothing is left in flight: the ranks still agree afterwards.
  EXPECT_NO_THROW(agree_on_setup(world, [] {}));
}

TEST(AgreeOnSetup, ErrorsOnSeveralRanksAreAllNamed) {
  const Communicator world = Communicator::world();
  const std::string message = agreed_message(world, [&] {
    if (world.rank() == 0) throw ConfigError("bad key 'a'");
    if (world.rank() == 1) throw 42;  // not a std::exception
  });
  EXPECT_EQ(message, str("setup failed on 2 of ", world.size(),
                         " ranks: rank 0: bad key 'a'; rank 1: an exception of unknown type"));
}

TEST(AgreeOnSetup, RanksWithTheSameMessageAreListedTogether) {
  const Communicator world = Communicator::world();
  const std::string message = agreed_message(world, [&] {
    if (world.rank() != 1) throw IoError("disk full");
  });
  const std::string others = world.size() == 2 ? "rank 0" : str("ranks 0, 2-", world.size() - 1);
  EXPECT_EQ(message, str("setup failed on ", world.size() - 1, " of ", world.size(),
                         " ranks: ", others, ": disk full"));
}

ErrorCause agreed_cause(const Communicator& comm, const std::function<void()>& step) {
  try {
    agree_on_setup(comm, step);
  } catch (const CollectiveError& error) {
    return error.cause();
  }
  ADD_FAILURE() << "expected a CollectiveError";
  return ErrorCause::kFailure;
}

// The agreed error keeps the kind of its cause, so the job's exit code still tells a bad
// configuration (2) or bad input (3) from other failures (1).
TEST(AgreeOnSetup, KeepsTheCauseOfTheFailure) {
  const Communicator world = Communicator::world();
  const int last = world.size() - 1;
  EXPECT_EQ(agreed_cause(world, [&] { throw ConfigError("bad key"); }), ErrorCause::kConfig);
  EXPECT_EQ(agreed_cause(world,
                         [&] {
                           if (world.rank() == last) throw InputError("bad record");
                         }),
            ErrorCause::kInput);
  EXPECT_EQ(agreed_cause(world,
                         [&] {
                           if (world.rank() == 0) throw IoError("disk full");
                         }),
            ErrorCause::kFailure);
  // Input problems outrank configuration problems, which outrank the rest.
  EXPECT_EQ(agreed_cause(world,
                         [&] {
                           if (world.rank() == 0) throw ConfigError("bad key");
                           if (world.rank() == last) throw InputError("bad record");
                         }),
            ErrorCause::kInput);
}

TEST(AgreeOnProblem, NamesTheActivity) {
  const Communicator world = Communicator::world();
  try {
    agree_on_problem(world, world.rank() == 0 ? "no GPU" : "", "NCCL start-up");
    FAIL() << "expected a CollectiveError";
  } catch (const CollectiveError& error) {
    EXPECT_EQ(std::string(error.what()),
              str("NCCL start-up failed on 1 of ", world.size(), " ranks: rank 0: no GPU"));
  }
}

}  // namespace
}  // namespace zipp::core::comm
