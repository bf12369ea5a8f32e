// Checkpoints on one rank: a save restores model, optimizer, progress and RNG exactly (the next
// step is bitwise the same); the manifest catches damage and resume: auto falls back past it;
// keep_last prunes; temporaries of unfinished saves are ignored and cleaned.
#include "training/checkpoint/checkpoint.h"

#include <fstream>
#include <string>
#include <vector>

#include <ATen/ops/rand.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/comm/communicator.h"
#include "core/error.h"
#include "core/str.h"
#include "tests/training/checkpoint/tiny_model.h"
#include "training/checkpoint/checkpoint_layout.h"
#include "training/checkpoint/file_checksum.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;
using testing::TinyNet;

class Checkpoints : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            core::str("zipp_checkpoint_", ::getpid(), "_",
                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    dir_ = root_ / "checkpoints";
  }
  void TearDown() override { fs::remove_all(root_); }

  // Trains a fresh model `steps` steps and saves it at global step `global_step`.
  fs::path save_trained(const CheckpointStore& store, std::int64_t global_step, int steps = 2) {
    at::manual_seed(global_step);
    TinyNet net;
    auto adam = testing::make_adam(net);
    for (int i = 0; i < steps; ++i) testing::train_step(net, adam);
    return store.save(world_, net, adam, progress(global_step), "", "model: {}\n");
  }

  static TrainingProgress progress(std::int64_t global_step) {
    TrainingProgress p;
    p.epoch = global_step / 10;
    p.step = global_step % 10;
    p.global_step = global_step;
    p.world_size = 1;
    return p;
  }

  fs::path root_;
  fs::path dir_;
  core::comm::Communicator world_ = core::comm::Communicator::world();
};

void flip_byte(const fs::path& file, std::streamoff offset) {
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  io.seekg(offset);
  char byte = 0;
  io.read(&byte, 1);
  byte = static_cast<char>(byte ^ 0x20);
  io.seekp(offset);
  io.write(&byte, 1);
  ASSERT_TRUE(io.good()) << file;
}

std::string message_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FileChecksum, MatchesTheStandardCrc32) {
  EXPECT_EQ(crc32_update(""), 0U);
  EXPECT_EQ(crc32_update("123456789"), 0xcbf43926U);  // the CRC-32 check value
  EXPECT_EQ(crc32_update("a"), 0xe8b7be43U);
  EXPECT_EQ(crc32_update("6789", crc32_update("12345")), 0xcbf43926U);
  EXPECT_EQ(checksum_hex(0xcbf43926U), "cbf43926");
  EXPECT_EQ(checksum_hex(1), "00000001");
}

TEST(FileChecksum, ChunkedFileDigestEqualsTheWholeChecksum) {
  const fs::path file = fs::temp_directory_path() / core::str("zipp_crc_", ::getpid());
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes.push_back(static_cast<char>((i * 7919) % 251));
  std::ofstream(file, std::ios::binary) << bytes;
  const FileDigest digest = digest_file(file);
  fs::remove(file);
  EXPECT_EQ(digest.size, bytes.size());
  EXPECT_EQ(digest.checksum, crc32_update(bytes));
  EXPECT_THROW(digest_file(file), core::IoError);
}

TEST(CheckpointLayout, NamesRoundTrip) {
  EXPECT_EQ(checkpoint_name(1200), "step-000001200");
  EXPECT_EQ(checkpoint_name(12345678901), "step-12345678901");
  EXPECT_EQ(parse_checkpoint_name("step-000001200"), 1200);
  EXPECT_EQ(parse_checkpoint_name("step-12345678901"), 12345678901);
  for (const char* other : {"step-1200", "step-0000012x0", "step-012345678901", ".step-000000001",
                            "step-000000001.tmp-ab", "model.pt"}) {
    EXPECT_FALSE(parse_checkpoint_name(other).has_value()) << other;
  }
  EXPECT_TRUE(is_temporary_checkpoint_name(temporary_checkpoint_name(7, "0a1b")));
  EXPECT_FALSE(is_temporary_checkpoint_name("step-000000007"));
  EXPECT_FALSE(is_temporary_checkpoint_name(".step-x.tmp-1"));
}

TEST_F(Checkpoints, LoadRestoresModelOptimizerProgressAndTheNextStep) {
  at::manual_seed(1);
  TinyNet net;
  auto adam = testing::make_adam(net, 1e-2);
  for (int i = 0; i < 3; ++i) testing::train_step(net, adam);
  const std::string extra = R"({"steps_per_epoch":10,"method":"encoder"})";
  const std::string config = "train:\n  lr: 0.01\n";
  const CheckpointStore store(dir_, 3);
  TrainingProgress saved_progress = progress(3);
  const fs::path path = store.save(world_, net, adam, saved_progress, extra, config);
  EXPECT_EQ(path, dir_ / "step-000000003");

  const std::vector<at::Tensor> at_save = testing::snapshot(net);
  std::vector<at::Tensor> exp_avg, exp_avg_sq;
  std::vector<std::int64_t> adam_steps;
  for (const auto& p : net.parameters()) {
    const auto& state = testing::adam_state(adam, p);
    exp_avg.push_back(state.exp_avg().clone());
    exp_avg_sq.push_back(state.exp_avg_sq().clone());
    adam_steps.push_back(state.step());
  }
  // The run goes on: one more step (fresh data and a fresh dropout mask from the generator).
  testing::train_step(net, adam);
  const std::vector<at::Tensor> after_next = testing::snapshot(net);

  // Another process resuming: a differently initialised model and another learning rate.
  at::manual_seed(12345);
  TinyNet resumed;
  auto resumed_adam = testing::make_adam(resumed, 1e-4);
  ASSERT_FALSE(testing::bitwise_equal(testing::snapshot(resumed), at_save));
  const LoadedCheckpoint loaded = load_checkpoint(world_, path, resumed, resumed_adam);

  EXPECT_EQ(loaded.progress.epoch, saved_progress.epoch);
  EXPECT_EQ(loaded.progress.step, saved_progress.step);
  EXPECT_EQ(loaded.progress.global_step, 3);
  EXPECT_EQ(loaded.progress.world_size, 1);
  EXPECT_EQ(nlohmann::json::parse(loaded.extra_json), nlohmann::json::parse(extra));
  EXPECT_EQ(loaded.config_yaml, config);
  EXPECT_TRUE(testing::bitwise_equal(testing::snapshot(resumed), at_save));
  EXPECT_EQ(resumed.seen.item<float>(), 3.0F);
  const auto params = resumed.parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& state = testing::adam_state(resumed_adam, params[i]);
    EXPECT_TRUE(at::equal(state.exp_avg(), exp_avg[i])) << i;
    EXPECT_TRUE(at::equal(state.exp_avg_sq(), exp_avg_sq[i])) << i;
    EXPECT_EQ(state.step(), adam_steps[i]) << i;
  }
  EXPECT_DOUBLE_EQ(resumed_adam.param_groups().front().options().get_lr(), 1e-2);

  testing::train_step(resumed, resumed_adam);
  EXPECT_TRUE(testing::bitwise_equal(testing::snapshot(resumed), after_next));
}

TEST_F(Checkpoints, RandomDrawsAfterLoadRepeatTheDrawsAfterSave) {
  at::manual_seed(5);
  TinyNet net;
  auto adam = testing::make_adam(net);
  const fs::path path = CheckpointStore(dir_, 1).save(world_, net, adam, progress(0), "", "");
  const at::Tensor after_save = at::rand({6});
  const at::Tensor further = at::rand({6});
  EXPECT_FALSE(at::equal(after_save, further));
  load_checkpoint(world_, path, net, adam);
  EXPECT_TRUE(at::equal(at::rand({6}), after_save));
}

TEST_F(Checkpoints, DirectoryHoldsEveryFileAndTheManifestNamesItsChecksum) {
  const fs::path path = save_trained(CheckpointStore(dir_, 2), 12);
  for (const char* name :
       {"manifest.json", "model.pt", "optimizer.pt", "state.json", "config.yaml", "rng-rank0.pt"}) {
    EXPECT_TRUE(fs::is_regular_file(path / name)) << name;
  }
  std::ifstream in(path / "manifest.json");
  const auto manifest = nlohmann::json::parse(in);
  EXPECT_EQ(manifest.at("checksum"), "crc32");
  EXPECT_EQ(manifest.at("global_step"), 12);
  EXPECT_EQ(manifest.at("world_size"), 1);
  ASSERT_EQ(manifest.at("files").size(), 5U);
  const FileDigest model = digest_file(path / "model.pt");
  EXPECT_EQ(manifest.at("files").at("model.pt").at("size"), model.size);
  EXPECT_EQ(manifest.at("files").at("model.pt").at("checksum"), checksum_hex(model.checksum));
  EXPECT_NO_THROW(verify_checkpoint(path));
  // Nothing else is left in the checkpoints directory.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"step-000000012"});
}

TEST_F(Checkpoints, KeepLastPrunesTheOldest) {
  const CheckpointStore store(dir_, 2);
  for (const std::int64_t step : {5, 10, 15, 20}) save_trained(store, step);
  EXPECT_EQ(store.list(),
            (std::vector<fs::path>{dir_ / "step-000000020", dir_ / "step-000000015"}));
  EXPECT_FALSE(fs::exists(dir_ / "step-000000005"));
  EXPECT_FALSE(fs::exists(dir_ / "step-000000010"));
  EXPECT_THROW(CheckpointStore(dir_, 0), core::ConfigError);
}

TEST_F(Checkpoints, SavingTheSameStepAgainReplacesIt) {
  const CheckpointStore store(dir_, 3);
  save_trained(store, 7, 1);
  const FileDigest first = digest_file(dir_ / "step-000000007" / "model.pt");
  save_trained(store, 7, 3);
  const FileDigest second = digest_file(dir_ / "step-000000007" / "model.pt");
  EXPECT_NE(first.checksum, second.checksum);
  EXPECT_EQ(store.list(), std::vector<fs::path>{dir_ / "step-000000007"});
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(Checkpoints, CorruptByteFailsVerificationAndAutoFallsBack) {
  const CheckpointStore store(dir_, 3);
  save_trained(store, 1);
  const fs::path newest = save_trained(store, 2);
  flip_byte(newest / "model.pt", 100);

  const std::string message = message_of([&] { verify_checkpoint(newest); });
  EXPECT_TRUE(contains(message, "step-000000002")) << message;
  EXPECT_TRUE(contains(message, "model.pt")) << message;
  EXPECT_TRUE(contains(message, "checksum")) << message;
  EXPECT_THROW(verify_checkpoint(newest), core::InputError);

  const ResumeDecision decision = decide_resume("auto", dir_);
  ASSERT_TRUE(decision.checkpoint.has_value());
  EXPECT_EQ(*decision.checkpoint, dir_ / "step-000000001");
  EXPECT_TRUE(contains(decision.reason, "step-000000001")) << decision.reason;
  EXPECT_TRUE(contains(decision.reason, "skipped 1 newer corrupt checkpoint")) << decision.reason;
  EXPECT_TRUE(contains(decision.reason, "step-000000002")) << decision.reason;
}

TEST_F(Checkpoints, TruncatedOrMissingFilesFailVerification) {
  const CheckpointStore store(dir_, 3);
  const fs::path path = save_trained(store, 4);
  fs::resize_file(path / "optimizer.pt", fs::file_size(path / "optimizer.pt") - 1);
  std::string message = message_of([&] { verify_checkpoint(path); });
  EXPECT_TRUE(contains(message, "optimizer.pt")) << message;
  EXPECT_TRUE(contains(message, "bytes")) << message;
  fs::remove(path / "rng-rank0.pt");
  fs::remove(path / "optimizer.pt");
  message = message_of([&] { verify_checkpoint(path); });
  EXPECT_TRUE(contains(message, "is missing")) << message;
  fs::remove(path / "manifest.json");
  message = message_of([&] { verify_checkpoint(path); });
  EXPECT_TRUE(contains(message, "no manifest.json")) << message;
  EXPECT_TRUE(store.list().empty());
}

TEST_F(Checkpoints, AutoWithOnlyCorruptCheckpointsRefusesToStartOver) {
  const fs::path path = save_trained(CheckpointStore(dir_, 3), 3);
  flip_byte(path / "state.json", 5);
  EXPECT_THROW(decide_resume("auto", dir_), core::InputError);
}

TEST_F(Checkpoints, AutoWithNoCheckpointStartsFresh) {
  ResumeDecision decision = decide_resume("auto", dir_);  // the directory does not exist yet
  EXPECT_FALSE(decision.checkpoint.has_value());
  EXPECT_TRUE(contains(decision.reason, "starting fresh")) << decision.reason;
  fs::create_directories(dir_);
  decision = decide_resume("auto", dir_);
  EXPECT_FALSE(decision.checkpoint.has_value());
}

TEST_F(Checkpoints, NeverStartsFreshButNotOverAnotherRunsCheckpoints) {
  ResumeDecision decision = decide_resume("never", dir_);
  EXPECT_FALSE(decision.checkpoint.has_value());
  EXPECT_TRUE(contains(decision.reason, "never")) << decision.reason;
  save_trained(CheckpointStore(dir_, 3), 8);
  const std::string message = message_of([&] { decide_resume("never", dir_); });
  EXPECT_TRUE(contains(message, "step-000000008")) << message;
  EXPECT_THROW(decide_resume("never", dir_), core::ConfigError);
}

TEST_F(Checkpoints, ExplicitPathMustVerify) {
  const fs::path other_run = root_ / "other" / "checkpoints";
  const fs::path source = save_trained(CheckpointStore(other_run, 3), 6);
  const ResumeDecision decision = decide_resume(source.string(), dir_);
  ASSERT_TRUE(decision.checkpoint.has_value());
  EXPECT_EQ(*decision.checkpoint, source);
  EXPECT_TRUE(contains(decision.reason, "global step 6")) << decision.reason;

  flip_byte(source / "config.yaml", 0);
  EXPECT_THROW(decide_resume(source.string(), dir_), core::InputError);
  EXPECT_THROW(decide_resume((root_ / "nowhere").string(), dir_), core::InputError);
  EXPECT_THROW(decide_resume("", dir_), core::ConfigError);
}

TEST_F(Checkpoints, ExplicitPathBehindNewerCheckpointsOfThisRunIsRefused) {
  const CheckpointStore store(dir_, 3);
  const fs::path older = save_trained(store, 10);
  save_trained(store, 20);
  EXPECT_THROW(decide_resume(older.string(), dir_), core::ConfigError);
  // The newest one itself is fine.
  EXPECT_EQ(decide_resume((dir_ / "step-000000020").string(), dir_).checkpoint,
            dir_ / "step-000000020");
}

TEST_F(Checkpoints, LeftoverTemporariesAreIgnoredAndCleaned) {
  const CheckpointStore store(dir_, 3);
  save_trained(store, 1);
  const fs::path stale = dir_ / temporary_checkpoint_name(9, "deadbeef");
  fs::create_directories(stale);
  std::ofstream(stale / "model.pt") << "half";
  const fs::path incomplete = dir_ / "step-000000009";  // no manifest: not a checkpoint
  fs::create_directories(incomplete);
  EXPECT_EQ(store.list(), std::vector<fs::path>{dir_ / "step-000000001"});
  EXPECT_EQ(decide_resume("auto", dir_).checkpoint, dir_ / "step-000000001");
  save_trained(store, 2);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_EQ(store.list(),
            (std::vector<fs::path>{dir_ / "step-000000002", dir_ / "step-000000001"}));
}

TEST_F(Checkpoints, FailedSaveLeavesNothingBehind) {
  const CheckpointStore store(dir_, 3);
  at::manual_seed(2);
  TinyNet net;
  auto adam = testing::make_adam(net);
  // extra_json that is not JSON fails on rank 0 while it writes: the agreed error reaches every
  // rank and the temporary is removed.
  const std::string message =
      message_of([&] { store.save(world_, net, adam, progress(4), "{not json", ""); });
  EXPECT_TRUE(contains(message, "saving checkpoint")) << message;
  EXPECT_TRUE(contains(message, "extra_json")) << message;
  EXPECT_TRUE(store.list().empty());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 0);

  // The checkpoints directory cannot be created (a file is in the way).
  std::ofstream(root_ / "blocked") << "x";
  EXPECT_THROW(CheckpointStore(root_ / "blocked", 1).save(world_, net, adam, progress(1), "", ""),
               core::CollectiveError);
}

TEST_F(Checkpoints, ModelParametersAloneAndStateWithoutOptimizer) {
  const fs::path path = save_trained(CheckpointStore(dir_, 3), 30, 4);
  at::manual_seed(30);
  TinyNet reference;
  auto adam = testing::make_adam(reference);
  for (int i = 0; i < 4; ++i) testing::train_step(reference, adam);

  TinyNet inference;
  load_model_parameters(path, inference);
  EXPECT_TRUE(testing::bitwise_equal(testing::snapshot(inference), testing::snapshot(reference)));
  const LoadedCheckpoint state = read_checkpoint_state(path);
  EXPECT_EQ(state.progress.global_step, 30);
  EXPECT_EQ(state.progress.epoch, 3);
  EXPECT_EQ(state.config_yaml, "model: {}\n");
  EXPECT_EQ(state.extra_json, "");

  TinyNet wider(16);
  const std::string message = message_of([&] { load_model_parameters(path, wider); });
  EXPECT_TRUE(contains(message, "first.weight")) << message;
  EXPECT_TRUE(contains(message, "[8, 4]")) << message;
  EXPECT_TRUE(contains(message, "[16, 4]")) << message;
  EXPECT_THROW(load_model_parameters(path, wider), core::ConfigError);

  // A model that lacks some of the checkpoint's modules is refused too.
  struct FirstOnly : torch::nn::Module {
    torch::nn::Linear first = register_module("first", torch::nn::Linear(4, 8));
  } first_only;
  const std::string extra_message = message_of([&] { load_model_parameters(path, first_only); });
  EXPECT_TRUE(contains(extra_message, "is in the checkpoint but not in this model"))
      << extra_message;
}

}  // namespace
}  // namespace zipp::training
