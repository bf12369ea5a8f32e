// `zipp eval bench` end to end on the tiny run of bench_fixture.h: the headline table on stdout,
// the report files, a rerun served from the embedding cache, and exit code 3 naming the file
// when the graph has no ground truth.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/eval/bench/bench_fixture.h"
#include "tests/support/zipp_cli.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;
using zipp::testing::run_zipp;

TEST(EvalBenchCli, WritesTheReportAndPrintsTheHeadline) {
  const fs::path dir =
      fs::temp_directory_path() / ("zipp-eval-bench-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto run = testing::make_tiny_run(dir / "run");
  const fs::path targets = dir / "targets.yaml";
  std::ofstream(targets) << "gender: {male: 49.5, female: 49.5, nonbinary: 1}\n";
  const std::vector<std::string> args = {"eval",
                                         "bench",
                                         "run.dir=" + run.dir.string(),
                                         "eval.references=4",
                                         "eval.bootstrap_resamples=200",
                                         "eval.targets=" + targets.string()};
  const auto result = run_zipp(args);
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_NE(result.output.find("| method | users | images | CS (95% CI) | CMMD |"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("| zipp-kshot | 6 | 17 |"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("report: " + (run.dir / "report" / "report.md").string()),
            std::string::npos)
      << result.output;
  std::ifstream in(run.dir / "report" / "report.json");
  const auto json = nlohmann::json::parse(in);
  EXPECT_EQ(json["methods"].size(), 3u);
  EXPECT_FALSE(json["methods"][0]["demographic"].is_null());
  EXPECT_EQ(json["embedded"].get<int>(), 35 + 6 * 4 + 6 * 3);
  EXPECT_TRUE(fs::exists(run.dir / "report" / "plots" / "cs-by-gender.svg"));
  EXPECT_TRUE(fs::exists(run.dir / "run.json"));

  const auto again = run_zipp(args);
  ASSERT_EQ(again.exit_code(), 0) << again.output;
  std::ifstream in2(run.dir / "report" / "report.json");
  const auto json2 = nlohmann::json::parse(in2);
  EXPECT_EQ(json2["embedded"].get<int>(), 0);
  EXPECT_EQ(json2["methods"][1]["cs"], json["methods"][1]["cs"]);

  // A graph without /truth: copy the jobs and images beside an empty HDF5 file.
  const fs::path bare = dir / "bare";
  fs::create_directories(bare);
  fs::copy_file(run.jobs, bare / "jobs.jsonl");
  fs::copy(run.images, bare / "images", fs::copy_options::recursive);
  core::h5::File::create(bare / "graph.h5", core::h5::Overwrite::kYes).close();
  const auto bad = run_zipp({"eval", "bench", "run.dir=" + bare.string()});
  EXPECT_EQ(bad.exit_code(), 3) << bad.output;
  EXPECT_NE(bad.output.find((bare / "graph.h5").string() + ": no /truth group"), std::string::npos)
      << bad.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zipp::eval
