// `zipp graph synth` as a user runs it: the quickstart world with a few overrides, alone and
// under mpiexec, writing the same valid graph.h5 and recording the run.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "graph/graph_reader.h"
#include "graph/validate.h"
#include "tests/graph/synth/h5_compare.h"
#include "tests/support/process.h"
#include "tests/support/zipp_cli.h"

namespace zipp::graph::synth {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  return dir;
}

std::vector<std::string> synth_args(const fs::path& dir) {
  return {"graph",
          "synth",
          "--config",
          std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml",
          "run.dir=" + dir.string(),
          "synth.users=3000",
          "synth.subreddits=200",
          "synth.block_users=500",
          "graph.feature_dim=16",
          "--log-level",
          "info"};
}

TEST(ZippGraphSynth, OneRankAndTwoRanksWriteTheSameValidGraph) {
  const fs::path one = fresh_dir("zipp_synth_e2e_1");
  const fs::path two = fresh_dir("zipp_synth_e2e_2");
  const auto a = zipp::testing::run_zipp(synth_args(one));
  ASSERT_EQ(a.exit_code(), 0) << a.output;
  EXPECT_NE(a.output.find("users=3000 subreddits=200 edges="), std::string::npos) << a.output;
  EXPECT_TRUE(fs::exists(one / "run.json"));
  EXPECT_TRUE(fs::exists(one / "config.yaml"));
  ASSERT_NO_THROW(validate_graph_file(one / "graph.h5"));
  const GraphMeta meta = GraphReader::open(one / "graph.h5").meta();
  EXPECT_EQ(meta.num_users, 3000);
  EXPECT_EQ(meta.num_subreddits, 200);
  EXPECT_EQ(meta.feature_dim, 16);
  EXPECT_TRUE(meta.has_split);
  EXPECT_GT(meta.num_aligned, 0);

  const auto b = zipp::testing::run_zipp(synth_args(two), 2);
  ASSERT_EQ(b.exit_code(), 0) << b.output;
  EXPECT_EQ(testing::h5_difference(one / "graph.h5", two / "graph.h5"), "");
  fs::remove_all(one);
  fs::remove_all(two);
}

TEST(ZippGraphSynth, BadConfigurationIsAConfigError) {
  const fs::path dir = fresh_dir("zipp_synth_e2e_bad");
  std::vector<std::string> args = synth_args(dir);
  args.push_back("synth.archetypes=[vaporwav]");
  const auto result = zipp::testing::run_zipp(args);
  EXPECT_EQ(result.exit_code(), 2) << result.output;
  EXPECT_NE(result.output.find("did you mean 'vaporwave'"), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(dir / "graph.h5"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zipp::graph::synth
