// Checkpoints on several ranks: one directory holds every rank's RNG states, each rank gets its
// own back, and a checkpoint of another world size is refused on every rank.
#include <string>
#include <vector>

#include <ATen/ops/rand.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/error.h"
#include "core/str.h"
#include "tests/training/checkpoint/tiny_model.h"
#include "training/checkpoint/checkpoint.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;
using testing::TinyNet;

class CheckpointsOnRanks : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string root;
    if (world_.rank() == 0) {
      root = (fs::temp_directory_path() /
              core::str("zipp_checkpoint_mpi_", ::getpid(), "_",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                 .string();
      fs::remove_all(root);
      fs::create_directories(root);
    }
    root_ = core::comm::allgather_strings(world_, root).front();
  }
  void TearDown() override {
    world_.barrier();
    if (world_.rank() == 0) fs::remove_all(root_);
  }

  TrainingProgress progress(std::int64_t global_step, int world_size) const {
    TrainingProgress p;
    p.global_step = global_step;
    p.epoch = 1;
    p.step = global_step - 10;
    p.world_size = world_size;
    return p;
  }

  core::comm::Communicator world_ = core::comm::Communicator::world();
  fs::path root_;
};

TEST_F(CheckpointsOnRanks, EveryRankGetsItsOwnRandomStreamBack) {
  // Identical replicas, then generators that differ by rank (as dropout draws do in training).
  at::manual_seed(3);
  TinyNet net;
  auto adam = testing::make_adam(net);
  for (int i = 0; i < 2; ++i) testing::train_step(net, adam);
  at::manual_seed(100 + world_.rank());

  const CheckpointStore store(root_ / "checkpoints", 2);
  const fs::path path =
      store.save(world_, net, adam, progress(12, world_.size()), R"({"k":1})", "a: 1\n");
  // Every rank got the same path, and the directory holds one RNG file per rank.
  const std::vector<std::string> paths = core::comm::allgather_strings(world_, path.string());
  for (const std::string& other : paths) EXPECT_EQ(other, path.string());
  for (int rank = 0; rank < world_.size(); ++rank) {
    EXPECT_TRUE(fs::is_regular_file(path / core::str("rng-rank", rank, ".pt"))) << rank;
  }
  EXPECT_NO_THROW(verify_checkpoint(path));

  const at::Tensor after_save = at::rand({4});
  // The streams really differ by rank (so restoring rank 0's everywhere would be caught).
  const std::vector<std::string> draws =
      core::comm::allgather_strings(world_, core::str(after_save[0].item<float>()));
  for (int rank = 1; rank < world_.size(); ++rank) EXPECT_NE(draws[rank], draws[0]) << rank;

  at::manual_seed(999);
  TinyNet resumed;
  auto resumed_adam = testing::make_adam(resumed);
  const LoadedCheckpoint loaded = load_checkpoint(world_, path, resumed, resumed_adam);
  EXPECT_EQ(loaded.progress.global_step, 12);
  EXPECT_EQ(loaded.progress.world_size, world_.size());
  EXPECT_TRUE(at::equal(at::rand({4}), after_save));
  EXPECT_TRUE(testing::bitwise_equal(testing::snapshot(resumed), testing::snapshot(net)));
}

TEST_F(CheckpointsOnRanks, AnotherWorldSizeIsRefusedOnEveryRank) {
  // Rank 0 alone writes a checkpoint of a one-rank job into the shared directory.
  const core::comm::Communicator solo = world_.split(world_.rank() == 0 ? 0 : 1, world_.rank());
  at::manual_seed(4);
  TinyNet net;
  auto adam = testing::make_adam(net);
  const fs::path path = root_ / "solo" / "step-000000011";
  if (world_.rank() == 0) {
    ASSERT_EQ(solo.size(), 1);
    CheckpointStore(root_ / "solo", 1).save(solo, net, adam, progress(11, 1), "", "");
  }
  world_.barrier();
  try {
    load_checkpoint(world_, path, net, adam);
    ADD_FAILURE() << "a checkpoint of 1 rank loaded on " << world_.size();
  } catch (const core::CollectiveError& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.cause(), core::ErrorCause::kConfig);
    EXPECT_NE(
        message.find("written by 1 rank, this job has " + std::to_string(world_.size()) + " ranks"),
        std::string::npos)
        << message;
  }
}

TEST_F(CheckpointsOnRanks, AFailureOnOneRankIsAgreedAndNothingIsPublished) {
  at::manual_seed(5);
  TinyNet net;
  auto adam = testing::make_adam(net);
  const CheckpointStore store(root_ / "checkpoints", 2);
  // Only rank 0 parses extra_json, so only rank 0 fails; every rank must throw the same error.
  EXPECT_THROW(store.save(world_, net, adam, progress(13, world_.size()), "{oops", ""),
               core::CollectiveError);
  EXPECT_TRUE(store.list().empty());
  world_.barrier();
  if (world_.rank() == 0) {
    EXPECT_EQ(
        std::distance(fs::directory_iterator(root_ / "checkpoints"), fs::directory_iterator()), 0);
  }
  // The ranks are still in step: a good save works.
  EXPECT_EQ(store.save(world_, net, adam, progress(14, world_.size()), "", "").filename(),
            "step-000000014");
}

}  // namespace
}  // namespace zipp::training
