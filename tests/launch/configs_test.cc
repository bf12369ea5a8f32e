// Every configuration file shipped in configs/ loads against the zipp executable's schema: no
// unknown key, no wrong type, and it survives a print-and-reload round trip. The demographic
// target margins in configs/zipbench/targets/ are not run configurations: they must read as IPF
// targets (eval/io/ipf_inputs.h) whose variables each add up to 100.
#include <filesystem>
#include <fstream>
#include <vector>

#include <gtest/gtest.h>

#include "core/config/load.h"
#include "eval/io/ipf_inputs.h"
#include "launch/schema.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> shipped_configs() {
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(ZIPP_SOURCE_DIR) / "configs")) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml" &&
        entry.path().parent_path().filename() != "targets")
      files.push_back(entry.path());
  }
  return files;
}

TEST(ShippedConfigs, EveryFileLoadsAndRoundTrips) {
  const auto files = shipped_configs();
  ASSERT_FALSE(files.empty()) << "no configs/*.yaml found under " << ZIPP_SOURCE_DIR;
  const auto schema = zipp_schema();
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    core::config::Config config;
    ASSERT_NO_THROW(config = core::config::load_config(schema, file, {}));
    const auto printed = config.to_yaml();
    const auto copy = fs::path(::testing::TempDir()) / "reloaded.yaml";
    {
      std::ofstream out(copy);
      out << printed;
    }
    EXPECT_EQ(core::config::load_config(schema, copy, {}).to_yaml(), printed);
  }
}

TEST(ShippedConfigs, TargetMarginsReadAsSharesInPercent) {
  const fs::path dir = fs::path(ZIPP_SOURCE_DIR) / "configs" / "zipbench" / "targets";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    SCOPED_TRACE(entry.path().string());
    const eval::IpfTargets targets = eval::read_ipf_targets(entry.path());
    ++files;
    EXPECT_FALSE(targets.variables.empty());
    for (const auto& variable : targets.variables) {
      double total = 0.0;
      for (const auto& [category, share] : variable.categories) total += share;
      EXPECT_NEAR(total, 100.0, 1e-9) << variable.variable;
    }
  }
  EXPECT_GE(files, 1);
}

}  // namespace
}  // namespace zipp::launch
