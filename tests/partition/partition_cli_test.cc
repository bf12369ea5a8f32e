// `zipp partition` and `zipp partition report` run as a user runs them: shards and book written
// where the config says, --parts overriding partition.parts, the report as JSON and as a table,
// and the bad inputs exiting with the documented codes (launch/exit_codes.h).
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "partition/partition_book.h"
#include "partition/shard.h"
#include "tests/partition/community_graph.h"
#include "tests/support/process.h"
#include "tests/support/zipp_cli.h"

namespace zipp::partition {
namespace {

namespace fs = std::filesystem;
using zipp::testing::ProcessResult;

std::string quickstart() { return std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml"; }

struct Fixture {
  fs::path dir;
  fs::path graph;
};

Fixture make_fixture(const std::string& name, std::int64_t users = 600) {
  Fixture f;
  f.dir = fs::path(::testing::TempDir()) / ("zipp-partition-cli-" + name);
  fs::remove_all(f.dir);
  testing::CommunityGraphSpec spec;
  spec.users = users;
  spec.subreddits = 40;
  f.graph = testing::write_community_graph(f.dir / "graph.h5", spec);
  return f;
}

TEST(PartitionCli, WritesShardsAndBookWithPartsFromTheCommandLine) {
  const Fixture f = make_fixture("write");
  const auto result = zipp::testing::run_zipp({"partition", "--config", quickstart(), "--parts",
                                               "3", "run.dir=" + (f.dir / "run").string(),
                                               "graph.path=" + f.graph.string()});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_NE(result.output.find("edge cut"), std::string::npos) << result.output;
  const fs::path parts = f.dir / "run" / "parts";
  const BookInfo book = read_book_info(book_path(parts));
  EXPECT_EQ(book.num_parts, 3);
  EXPECT_EQ(book.method, "metis");
  for (int p = 0; p < 3; ++p) EXPECT_EQ(open_rank_shard(parts, p).part, p);
  EXPECT_TRUE(fs::exists(f.dir / "run" / "run.json"));
}

TEST(PartitionCli, ReportComparesMetisAndHashAsJson) {
  const Fixture f = make_fixture("report");
  const auto result = zipp::testing::run_zipp(
      {"partition", "report", "--config", quickstart(), "--json", "partition.parts=4",
       "run.dir=" + (f.dir / "run").string(), "graph.path=" + f.graph.string()});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  const auto json = nlohmann::json::parse(result.output.substr(result.output.find('{')));
  ASSERT_EQ(json["methods"].size(), 2u);
  EXPECT_EQ(json["methods"][0]["method"], "metis");
  EXPECT_EQ(json["methods"][1]["method"], "hash");
  EXPECT_EQ(json["methods"][0]["per_part"].size(), 4u);
  EXPECT_TRUE(json["skipped"].empty());
  EXPECT_LT(json["methods"][0]["edge_cut"].get<double>(),
            json["methods"][1]["edge_cut"].get<double>());
  EXPECT_FALSE(fs::exists(f.dir / "run" / "parts"));  // the report writes nothing
}

TEST(PartitionCli, ReportTableListsEveryRequestedMethod) {
  const Fixture f = make_fixture("table");
  const auto result = zipp::testing::run_zipp(
      {"partition", "report", "--config", quickstart(), "--methods", "stream,hash",
       "run.dir=" + (f.dir / "run").string(), "graph.path=" + f.graph.string()});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_NE(result.output.find("stream"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("edge cut"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("replication factor"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("metis"), std::string::npos) << result.output;
}

TEST(PartitionCli, MissingGraphIsAnInputError) {
  const fs::path dir = fs::path(::testing::TempDir()) / "zipp-partition-cli-missing";
  fs::remove_all(dir);
  const auto result =
      zipp::testing::run_zipp({"partition", "--config", quickstart(), "run.dir=" + dir.string()});
  EXPECT_EQ(result.exit_code(), 3) << result.output;
  EXPECT_NE(result.output.find("does not exist"), std::string::npos) << result.output;
}

TEST(PartitionCli, MorePartsThanUsersIsAUsageError) {
  const Fixture f = make_fixture("too-many", 5);
  const auto result = zipp::testing::run_zipp({"partition", "--config", quickstart(), "--parts",
                                               "6", "run.dir=" + (f.dir / "run").string(),
                                               "graph.path=" + f.graph.string()});
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  EXPECT_NE(result.output.find("exceeds the 5 users"), std::string::npos) << result.output;
}

TEST(PartitionCli, RefusesToRunAsSeveralMpiRanks) {
  const Fixture f = make_fixture("mpi");
  std::vector<std::string> command = zipp::testing::mpiexec_command(2);
  for (const std::string& arg :
       {zipp::testing::zipp_executable(), std::string("partition"), std::string("--config"),
        quickstart(), "run.dir=" + (f.dir / "run").string(), "graph.path=" + f.graph.string()}) {
    command.push_back(arg);
  }
  const auto result =
      zipp::testing::run_process(command, zipp::testing::mpi_test_env(), std::chrono::seconds(90));
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  EXPECT_NE(result.output.find("runs as one process"), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(f.dir / "run" / "parts" / "book.h5"));
}

TEST(PartitionCli, UnknownMethodIsAUsageError) {
  const Fixture f = make_fixture("bad-method");
  const auto result = zipp::testing::run_zipp({"partition", "--config", quickstart(), "--method",
                                               "spectral", "run.dir=" + (f.dir / "run").string(),
                                               "graph.path=" + f.graph.string()});
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  EXPECT_NE(result.output.find("spectral"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace zipp::partition
