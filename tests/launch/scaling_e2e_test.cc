// `zipp bench scaling` end to end on a tiny world: strong scaling of training on 1 and 2 ranks
// (real mpiexec runs), one machine-readable line per run, the efficiency baseline, time shares
// from the merged traces, the report files; and the errors for bad arguments.
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/zipp_cli.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;
using zipp::testing::run_zipp;

TEST(ScalingE2e, StrongScalingOfTrainingOnOneAndTwoRanks) {
  const fs::path dir =
      fs::temp_directory_path() / ("zipp-scaling-e2e-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto result = run_zipp({"bench",
                                "scaling",
                                "--config",
                                std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml",
                                "--ranks",
                                "1,2",
                                "--steps",
                                "6",
                                "--batch",
                                "64",
                                "--modes",
                                "strong",
                                "-o",
                                (dir / "sweep").string(),
                                "run.dir=" + (dir / "run").string(),
                                "synth.users=600",
                                "synth.subreddits=60",
                                "graph.feature_dim=16",
                                "model.hidden=16",
                                "model.heads=2",
                                "model.feature_dim=16",
                                "model.alignment_dim=16",
                                "train.fanout=5"},
                               0, std::chrono::seconds(600));
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  const std::regex line(
      R"(bench=scaling stage=train mode=strong ranks=(\d) work=64 throughput=([0-9.]+) unit=seeds/s efficiency=([0-9.]+) compute_share=([0-9.]+) communication_share=([0-9.]+) sampling_share=([0-9.]+))");
  std::vector<std::smatch> found;
  for (auto it = std::sregex_iterator(result.output.begin(), result.output.end(), line);
       it != std::sregex_iterator(); ++it) {
    found.push_back(*it);
  }
  ASSERT_EQ(found.size(), 2u) << result.output;
  EXPECT_EQ(found[0][1].str(), "1");
  EXPECT_EQ(found[1][1].str(), "2");
  EXPECT_EQ(found[0][3].str(), "1.000");  // the first count is the baseline
  for (const auto& m : found) {
    EXPECT_GT(std::stod(m[2].str()), 0.0);
    EXPECT_GT(std::stod(m[4].str()), 0.3);  // forward and backward dominate training
  }
  // Two ranks allreduce gradients; one rank's allreduce is a copy.
  EXPECT_GT(std::stod(found[1][5].str()), std::stod(found[0][5].str()));

  std::ifstream in(dir / "sweep" / "scaling.json");
  const auto json = nlohmann::json::parse(in);
  ASSERT_EQ(json["rows"].size(), 2u);
  double total = 0.0;
  for (const auto& [category, share] : json["rows"][1]["shares"].items())
    total += share.get<double>();
  EXPECT_NEAR(total, 1.0, 1e-9);
  EXPECT_TRUE(json["rows"][1]["phase_ms"].contains("allreduce"));
  for (const char* name : {"scaling.md", "plots/scaling-efficiency.svg", "plots/scaling-shares.svg",
                           "logs/train-strong-2.log", "train-strong-2/trace-merged.json"}) {
    EXPECT_TRUE(fs::exists(dir / "sweep" / name)) << name;
  }

  const auto bad_ranks = run_zipp({"bench", "scaling", "--ranks", "2,1"});
  EXPECT_EQ(bad_ranks.exit_code(), 2) << bad_ranks.output;
  EXPECT_NE(bad_ranks.output.find("--ranks must be increasing positive integers"),
            std::string::npos)
      << bad_ranks.output;
  const auto bad_stage = run_zipp({"bench", "scaling", "--stages", "embed", "-o",
                                   (dir / "bad").string(), "run.dir=" + (dir / "run").string()});
  EXPECT_EQ(bad_stage.exit_code(), 2) << bad_stage.output;
  EXPECT_NE(bad_stage.output.find("unknown stage 'embed'"), std::string::npos) << bad_stage.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zipp::launch
