// `zipp train` as users run it, on 2 real ranks over a small synthetic world (issue 5 item 10):
// resuming after a stop ends bitwise where an uninterrupted run ends; SIGUSR1 on one rank makes
// every rank checkpoint and exit 4; a killed rank ends the job instead of hanging it; the
// baselines go through the same command. The graph and its 2-part partition are made once.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <ATen/ops/equal.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/zipp_cli.h"
#include "training/checkpoint/checkpoint.h"
#include "training/model/persona_model.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using zipp::testing::run_zipp;

const fs::path& world_dir() {
  static const fs::path dir = fs::path(::testing::TempDir()) / "zipp-train-cli";
  return dir;
}

std::vector<std::string> world_args() {
  return {"--config",
          std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml",
          "synth.users=1200",
          "synth.subreddits=120",
          "graph.feature_dim=16",
          "graph.path=" + (world_dir() / "graph.h5").string(),
          "partition.output=" + (world_dir() / "parts").string(),
          "trace.enabled=false"};
}

ModelConfig tiny_model() {
  ModelConfig m;
  m.hidden = 16;
  m.heads = 2;
  m.feature_dim = 16;
  m.alignment_dim = 16;
  return m;
}

// A short run: about 9 steps per epoch on each of 2 ranks, dropout on (so the per-rank RNG
// streams must be restored for a bitwise resume).
std::vector<std::string> train_args(const std::string& run_name,
                                    std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"train", "--log-level", "info"};
  for (const std::string& a : world_args()) args.push_back(a);
  const ModelConfig m = tiny_model();
  const std::vector<std::string> run = {"run.dir=" + (world_dir() / run_name).string(),
                                        "model.hidden=" + std::to_string(m.hidden),
                                        "model.heads=" + std::to_string(m.heads),
                                        "model.feature_dim=" + std::to_string(m.feature_dim),
                                        "model.alignment_dim=" + std::to_string(m.alignment_dim),
                                        "train.batch_size=64",
                                        "train.fanout=8",
                                        "train.epochs=2",
                                        "train.log_interval=3",
                                        "train.eval_users=30",
                                        "train.final_eval_users=100",
                                        "train.eval_align_users=30",
                                        "train.checkpoint_interval=0",
                                        "train.threads=1"};
  args.insert(args.end(), run.begin(), run.end());
  for (const std::string& a : extra) args.push_back(a);
  return args;
}

class TrainCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(world_dir());
    auto synth = world_args();
    synth.insert(synth.begin(), {"graph", "synth"});
    synth.push_back("run.dir=" + (world_dir() / "synth").string());
    const auto made = run_zipp(synth);
    ASSERT_EQ(made.exit_code(), 0) << made.output;
    auto partition = world_args();
    partition.insert(partition.begin(), "partition");
    partition.push_back("partition.parts=2");
    partition.push_back("run.dir=" + (world_dir() / "partition").string());
    const auto parted = run_zipp(partition);
    ASSERT_EQ(parted.exit_code(), 0) << parted.output;
  }
};

std::vector<Json> read_metrics(const fs::path& run) {
  std::vector<Json> lines;
  std::ifstream in(run / "metrics.jsonl");
  for (std::string line; std::getline(in, line);) lines.push_back(Json::parse(line));
  return lines;
}

std::vector<at::Tensor> checkpoint_parameters(const fs::path& checkpoint) {
  PersonaModel model(tiny_model());
  load_model_parameters(checkpoint, *model);
  std::vector<at::Tensor> params;
  for (const at::Tensor& p : model->parameters()) params.push_back(p.detach().clone());
  return params;
}

TEST_F(TrainCli, ResumingAfterAStopEndsBitwiseWhereAStraightRunEnds) {
  const auto straight = run_zipp(train_args("straight"), 2, std::chrono::seconds(240));
  ASSERT_EQ(straight.exit_code(), 0) << straight.output;

  const auto first =
      run_zipp(train_args("resumed", {"train.stop_after=5"}), 2, std::chrono::seconds(240));
  ASSERT_EQ(first.exit_code(), 4) << first.output;
  const auto second = run_zipp(train_args("resumed"), 2, std::chrono::seconds(240));
  ASSERT_EQ(second.exit_code(), 0) << second.output;
  EXPECT_NE(second.output.find("resumed from"), std::string::npos) << second.output;

  const auto a = list_checkpoints(world_dir() / "straight" / "checkpoints");
  const auto b = list_checkpoints(world_dir() / "resumed" / "checkpoints");
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(a.front().filename(), b.front().filename());
  const auto pa = checkpoint_parameters(a.front());
  const auto pb = checkpoint_parameters(b.front());
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    EXPECT_TRUE(at::equal(pa[i], pb[i])) << "parameter " << i << " differs after resuming";
  }
  const Json final_a = read_metrics(world_dir() / "straight").back();
  const Json final_b = read_metrics(world_dir() / "resumed").back();
  EXPECT_EQ(final_a.at("event"), "final");
  EXPECT_EQ(final_a.at("posting"), final_b.at("posting"));
  // The stopped run logged its stop, and the interval lines carry the documented fields.
  bool saw_stop = false;
  for (const Json& line : read_metrics(world_dir() / "resumed")) {
    if (line.at("event") == "stopped") saw_stop = line.at("reason") == "train.stop_after";
    if (line.at("event") != "interval") continue;
    for (const char* key : {"loss", "link_loss", "align_loss", "link_scale", "align_scale", "lr",
                            "seeds_per_s", "edges_per_s", "posting", "image_align", "time_ms"}) {
      EXPECT_TRUE(line.contains(key)) << key << " missing in " << line.dump();
    }
  }
  EXPECT_TRUE(saw_stop);
}

// Waits until the run has logged `lines` metrics lines; returns rank `rank`'s pid.
int wait_for_training(const zipp::testing::BackgroundProcess& job, const fs::path& run,
                      std::size_t lines, int rank) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(run / "metrics.jsonl") && read_metrics(run).size() >= lines) {
      for (int pid : zipp::testing::child_pids(job.pid())) {
        if (zipp::testing::mpi_world_rank_of(pid) == rank) return pid;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

TEST_F(TrainCli, SigusrOnOneRankCheckpointsEveryRankAndExitsFour) {
  const fs::path run = world_dir() / "signalled";
  auto job = zipp::testing::start_zipp(
      train_args("signalled", {"train.epochs=1000", "train.log_interval=1"}), 2);
  const int rank1 = wait_for_training(*job, run, 2, 1);
  ASSERT_GT(rank1, 0) << "training did not start";
  ASSERT_EQ(kill(rank1, SIGUSR1), 0);
  const auto result = job->wait(std::chrono::seconds(120));
  ASSERT_EQ(result.exit_code(), 4) << result.output;
  const Json last = read_metrics(run).back();
  EXPECT_EQ(last.at("event"), "stopped");
  EXPECT_EQ(last.at("reason"), "signal");
  const auto checkpoints = list_checkpoints(run / "checkpoints");
  ASSERT_EQ(checkpoints.size(), 1U);
  EXPECT_NO_THROW(verify_checkpoint(checkpoints.front()));
  EXPECT_EQ(checkpoints.front().string(), last.at("checkpoint").get<std::string>());

  // The next invocation starts from it.
  const auto resumed =
      run_zipp(train_args("signalled", {"train.epochs=1000", "train.stop_after=1"}), 2);
  EXPECT_EQ(resumed.exit_code(), 4) << resumed.output;
  EXPECT_NE(resumed.output.find("resumed from " + checkpoints.front().string()), std::string::npos)
      << resumed.output;
}

TEST_F(TrainCli, AKilledRankEndsTheJobInsteadOfHangingIt) {
  const fs::path run = world_dir() / "killed";
  auto job = zipp::testing::start_zipp(
      train_args("killed", {"train.epochs=1000", "train.log_interval=1"}), 2);
  const int rank1 = wait_for_training(*job, run, 1, 1);
  ASSERT_GT(rank1, 0) << "training did not start";
  ASSERT_EQ(kill(rank1, SIGKILL), 0);
  const auto result = job->wait(std::chrono::seconds(60));
  EXPECT_TRUE(result.finished) << "the job hung after a rank was killed:\n" << result.output;
  EXPECT_NE(result.exit_code(), 0) << result.output;
}

TEST_F(TrainCli, BaselinesAreScoredThroughTheSameCommand) {
  for (const std::string method : {"popularity", "tfidf"}) {
    const auto result = run_zipp(train_args("baseline-" + method, {"train.method=" + method}), 2);
    ASSERT_EQ(result.exit_code(), 0) << result.output;
    const auto lines = read_metrics(world_dir() / ("baseline-" + method));
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines.front().at("method"), method);
    EXPECT_GT(lines.front().at("posting").at("queries").get<std::int64_t>(), 0);
  }
}

TEST_F(TrainCli, APartitionForAnotherRankCountIsRefusedClearly) {
  const auto result = run_zipp(train_args("wrong-ranks"), 1);
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  EXPECT_NE(result.output.find("has 2 parts but the job has 1 ranks"), std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace zipp::training
