// `zipp pipeline` end to end on a tiny synthetic world with 2 ranks: every stage runs once and
// the report's headline is printed; a rerun skips every complete stage (generate checks its
// images itself and has nothing to draw); a changed setting reruns its stage and the ones after
// it; a deleted image is drawn again; an unknown stage name is a configuration error.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "generation/run/generation_jobs.h"
#include "generation/run/image_files.h"
#include "tests/support/zipp_cli.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;
using zipp::testing::run_zipp;

const std::string kSource = ZIPP_SOURCE_DIR;

std::vector<std::string> pipeline_args(const fs::path& run_dir,
                                       std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "pipeline",
      "--config",
      kSource + "/configs/quickstart.yaml",
      "run.dir=" + run_dir.string(),
      "trace.enabled=false",
      "synth.users=800",
      "synth.subreddits=80",
      "graph.feature_dim=16",
      "model.hidden=16",
      "model.heads=2",
      "model.feature_dim=16",
      "model.alignment_dim=16",
      "train.epochs=1",
      "train.batch_size=128",
      "train.fanout=5",
      "train.eval_users=50",
      "train.eval_align_users=50",
      "train.checkpoint_interval=1000",
      "embed.threads=1",
      "verbalize.prompt=" + kSource + "/configs/prompts/verbalize.md",
      "rewrite.prompts=" + kSource + "/configs/prompts/base-prompts.txt",
      "rewrite.prompt=" + kSource + "/configs/prompts/rewrite.md",
      "rewrite.plain_prompt=" + kSource + "/configs/prompts/rewrite-plain.md",
      "rewrite.max_users=2",
      "generation.builtin_weights=" + kSource + "/generation/builtin/weights",
      "generation.steps=2",
      "generation.threads=1",
      "eval.targets=" + kSource + "/configs/zipbench/targets/world-2024.yaml",
      "eval.references=2",
      "eval.bootstrap_resamples=200",
      "--log-level",
      "info"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(PipelineE2e, RunsEveryStageThenSkipsCompleteOnes) {
  const fs::path dir =
      fs::temp_directory_path() / ("zipp-pipeline-e2e-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path run = dir / "run";
  const auto limit = std::chrono::seconds(600);

  const auto first = run_zipp(pipeline_args(run), 0, limit);
  ASSERT_EQ(first.exit_code(), 0) << first.output;
  EXPECT_EQ(count(first.output, ": running (not run yet (no stamp))"), 9) << first.output;
  EXPECT_NE(first.output.find("ZIPBench-synth (" + (run / "report" / "report.md").string() + "):"),
            std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find("| no-persona | 2 | 24 |"), std::string::npos) << first.output;
  for (const char* stage : {"synth", "partition", "train", "embed", "verbalize", "history",
                            "rewrite", "generate", "eval"}) {
    EXPECT_TRUE(fs::exists(run / "pipeline" / (std::string(stage) + ".json"))) << stage;
  }
  EXPECT_TRUE(fs::exists(run / "pipeline" / "config.yaml"));

  const auto again = run_zipp(pipeline_args(run), 0, limit);
  ASSERT_EQ(again.exit_code(), 0) << again.output;
  EXPECT_EQ(count(again.output, ": complete, skipped"), 8) << again.output;
  EXPECT_NE(again.output.find("generate: running (it checks its own outputs)"), std::string::npos)
      << again.output;
  EXPECT_NE(again.output.find(" kept=72 generated=0"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("| zipp-kshot | 2 | 24 |"), std::string::npos) << again.output;

  // Another number of reference images: only the benchmark runs again.
  const auto changed = run_zipp(pipeline_args(run, {"eval.references=3"}), 0, limit);
  ASSERT_EQ(changed.exit_code(), 0) << changed.output;
  EXPECT_EQ(count(changed.output, ": complete, skipped"), 7) << changed.output;
  EXPECT_NE(changed.output.find("[9/9] eval: running (its settings or an earlier stage changed)"),
            std::string::npos)
      << changed.output;

  // Another rewrite setting: rewrite, generate and eval run again; the stages before stay.
  const auto rewritten =
      run_zipp(pipeline_args(run, {"eval.references=3", "rewrite.max_users=3"}), 0, limit);
  ASSERT_EQ(rewritten.exit_code(), 0) << rewritten.output;
  EXPECT_EQ(count(rewritten.output, ": complete, skipped"), 6) << rewritten.output;
  EXPECT_NE(rewritten.output.find("| no-persona | 3 | 36 |"), std::string::npos)
      << rewritten.output;

  // A deleted image is drawn again by the generate stage.
  const auto jobs = generation::read_generation_jobs(run / "jobs.jsonl");
  const auto files = generation::job_files(run / "images", jobs.front());
  ASSERT_TRUE(fs::remove(files.image_path));
  const auto redrawn =
      run_zipp(pipeline_args(run, {"eval.references=3", "rewrite.max_users=3"}), 0, limit);
  ASSERT_EQ(redrawn.exit_code(), 0) << redrawn.output;
  EXPECT_TRUE(fs::exists(files.image_path));

  const auto list = run_zipp(
      {"pipeline", "--list", "run.dir=" + run.string(), "pipeline.stages=[train, nosuch]"});
  EXPECT_EQ(list.exit_code(), 2) << list.output;
  EXPECT_NE(list.output.find("unknown stage 'nosuch'"), std::string::npos) << list.output;
  fs::remove_all(dir);
}

// SIGTERM to the pipeline while training runs: the pipeline forwards it to the stage as SIGUSR1,
// training checkpoints and exits 4, the pipeline exits 4 without starting another stage; the
// next run skips what finished, resumes training from the checkpoint and completes.
TEST(PipelineE2e, ForwardsAStopToTheRunningStageAndResumes) {
  const fs::path dir =
      fs::temp_directory_path() / ("zipp-pipeline-stop-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path run = dir / "run";
  // Long enough that the signal lands inside training.
  const auto args = pipeline_args(
      run, {"train.epochs=300", "train.log_interval=10", "train.checkpoint_interval=100000"});
  auto pipeline = zipp::testing::start_zipp(args);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  // Training is under way once its first interval line (10 steps) is in metrics.jsonl.
  const auto training = [&] {
    std::ifstream in(run / "metrics.jsonl");
    for (std::string line; std::getline(in, line);) {
      if (line.find("\"interval\"") != std::string::npos) return true;
    }
    return false;
  };
  while (!training() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(training()) << "training never started";
  ASSERT_EQ(::kill(pipeline->pid(), SIGTERM), 0);
  const auto stopped = pipeline->wait(std::chrono::seconds(300));
  ASSERT_TRUE(stopped.finished) << stopped.output;
  EXPECT_EQ(stopped.exit_code(), 4) << stopped.output;
  EXPECT_NE(stopped.output.find("asking the running stage to checkpoint and stop"),
            std::string::npos)
      << stopped.output;
  EXPECT_NE(stopped.output.find("[3/9] train: stopped after a checkpoint (exit 4)"),
            std::string::npos)
      << stopped.output;
  EXPECT_FALSE(fs::exists(run / "pipeline" / "train.json"));
  EXPECT_FALSE(fs::exists(run / "pipeline" / "embed.json"));

  // The same command again: training picks up its checkpoint and the rest runs.
  const auto resumed = run_zipp(args, 0, std::chrono::seconds(600));
  ASSERT_EQ(resumed.exit_code(), 0) << resumed.output;
  EXPECT_EQ(count(resumed.output, ": complete, skipped"), 2) << resumed.output;  // synth, partition
  EXPECT_NE(resumed.output.find("resumed from"), std::string::npos) << resumed.output;
  EXPECT_TRUE(fs::exists(run / "report" / "report.md"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zipp::launch
