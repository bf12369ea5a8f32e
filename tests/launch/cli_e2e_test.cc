// The zipp executable as a user runs it: help, command lookup, configuration printing and errors,
// and `zipp env` under mpiexec recording a run directory whose traces `zipp trace merge` combines.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "launch/command.h"
#include "tests/support/process.h"
#include "tests/support/zipp_cli.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;
using zipp::testing::ProcessResult;

std::string quickstart() { return std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml"; }

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "missing " << path;
  return nlohmann::json::parse(in);
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  return dir;
}

TEST(ZippCli, HelpListsEveryCommand) {
  const auto result = zipp::testing::run_zipp({"--help"});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  for (const auto& command : commands()) {
    EXPECT_NE(result.output.find(std::string(command.name)), std::string::npos) << command.name;
  }
}

TEST(ZippCli, CommandHelpShowsItsOptions) {
  const auto result = zipp::testing::run_zipp({"trace", "merge", "--help"});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_NE(result.output.find("--output"), std::string::npos) << result.output;
}

TEST(ZippCli, UnknownCommandSuggestsTheNearest) {
  const auto result = zipp::testing::run_zipp({"evn"});
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  EXPECT_NE(result.output.find("did you mean 'env'?"), std::string::npos) << result.output;
}

TEST(ZippCli, GroupWithoutSubcommandListsThem) {
  const auto result = zipp::testing::run_zipp({"config"});
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  EXPECT_NE(result.output.find("'config print'"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("'config keys'"), std::string::npos) << result.output;
}

TEST(ZippCli, ConfigPrintAppliesOverrides) {
  const auto result =
      zipp::testing::run_zipp({"config", "print", "--config", quickstart(), "run.seed=7"});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_NE(result.output.find("seed: 7"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("bucket_mb: 25"), std::string::npos) << result.output;
}

TEST(ZippCli, ConfigGetPrintsOneValueForScripts) {
  const auto result = zipp::testing::run_zipp(
      {"config", "get", "run.dir", "--config", quickstart(), "run.dir=a b"});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_EQ(result.output, "a b\n");
  const auto unknown = zipp::testing::run_zipp({"config", "get", "run.dri"});
  EXPECT_EQ(unknown.exit_code(), 2) << unknown.output;
  EXPECT_NE(unknown.output.find("run.dir"), std::string::npos) << unknown.output;
}

TEST(ZippCli, UnknownKeyIsAUsageErrorWithASuggestion) {
  const auto result = zipp::testing::run_zipp({"config", "print", "run.sed=7"});
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  EXPECT_NE(result.output.find("did you mean 'run.seed'?"), std::string::npos) << result.output;
}

TEST(ZippCli, ConfigKeysListsTypesAndDefaults) {
  const auto result = zipp::testing::run_zipp({"config", "keys"});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_NE(result.output.find("comm.backend"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("one of: auto mpi nccl"), std::string::npos) << result.output;
}

TEST(ZippCliMpi, EnvRecordsTheRunAndTracesMerge) {
  const fs::path dir = fresh_dir("zipp_env_run");
  const auto result =
      zipp::testing::run_zipp({"env", "--config", quickstart(), "run.dir=" + dir.string()}, 2);
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_NE(result.output.find("collective backends: mpi"), std::string::npos) << result.output;

  const auto run = read_json(dir / "run.json");
  EXPECT_EQ(run["world_size"], 2);
  EXPECT_EQ(run["format_version"], 1);
  EXPECT_NE(run["command_line"].get<std::string>().find(" env --config "), std::string::npos);
  EXPECT_TRUE(run["slurm_job_id"].is_null());
  const auto env = read_json(dir / "env.json");
  ASSERT_EQ(env["ranks"].size(), 2U);
  EXPECT_EQ(env["ranks"][1]["rank"], 1);
  EXPECT_TRUE(fs::exists(dir / "config.yaml"));
  EXPECT_TRUE(fs::exists(dir / "history.jsonl"));
  ASSERT_TRUE(fs::exists(dir / "trace-rank0.json"));
  ASSERT_TRUE(fs::exists(dir / "trace-rank1.json"));

  const auto merged = zipp::testing::run_zipp({"trace", "merge", dir.string(), "--lines"});
  ASSERT_EQ(merged.exit_code(), 0) << merged.output;
  EXPECT_TRUE(fs::exists(dir / "trace-merged.json"));
  EXPECT_NE(merged.output.find("merged 2 rank trace(s)"), std::string::npos) << merged.output;
}

TEST(ZippCliMpi, ASetupErrorOnEveryRankIsReportedOnce) {
  const auto result = zipp::testing::run_zipp({"env", "--config", "/nonexistent/zipp.yaml"}, 2);
  ASSERT_TRUE(result.finished) << result.output;
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  const std::string needle = "/nonexistent/zipp.yaml";
  const auto first = result.output.find(needle);
  ASSERT_NE(first, std::string::npos) << result.output;
  // One log line carries the agreed message; both ranks' reasons are inside it.
  const auto lines_with_error = [&] {
    int count = 0;
    std::istringstream in(result.output);
    for (std::string line; std::getline(in, line);) count += line.find(" E r") != std::string::npos;
    return count;
  }();
  EXPECT_EQ(lines_with_error, 1) << result.output;
}

}  // namespace
}  // namespace zipp::launch
