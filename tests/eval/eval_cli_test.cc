// `zipp eval cmmd` and `zipp eval ipf` end to end: the printed values, the files they write, and
// the exit code of bad input.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/graph/ingest/ingest_test_files.h"
#include "tests/support/zipp_cli.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;
using graph::testing::raw_bytes;
using graph::testing::write_npy;
using graph::testing::write_text;
using zipp::testing::run_zipp;

class EvalCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zipp-eval-cli-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  fs::path dir_;
};

TEST_F(EvalCli, CmmdOfTwoNpyFiles) {
  // X = {(0,0), (3,4)}, Y = {(0,0)}: CMMD = 500 (1 - exp(-1/8)) = 58.7515487...
  write_npy(dir_ / "x.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
            raw_bytes(std::vector<float>{0, 0, 3, 4}));
  write_npy(dir_ / "y.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
            raw_bytes(std::vector<double>{0, 0}));
  const auto result =
      run_zipp({"eval", "cmmd", (dir_ / "x.npy").string(), (dir_ / "y.npy").string(), "--block",
                "1", "-o", (dir_ / "cmmd.json").string()});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_NE(result.output.find("CMMD 58.751549"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("not unit-norm"), std::string::npos) << result.output;
  const auto json = nlohmann::json::parse(read(dir_ / "cmmd.json"));
  EXPECT_NEAR(json.at("value").get<double>(), 58.75154870770227, 1e-8);
  EXPECT_EQ(json.at("x").at("rows").get<int>(), 2);

  write_npy(dir_ / "f.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }",
            raw_bytes(std::vector<float>{0, 0}));
  const auto bad = run_zipp({"eval", "cmmd", (dir_ / "x.npy").string(), (dir_ / "f.npy").string()});
  EXPECT_EQ(bad.exit_code(), 3) << bad.output;
  EXPECT_NE(bad.output.find("Fortran"), std::string::npos) << bad.output;
}

TEST_F(EvalCli, IpfRakesATableAndWritesWeights) {
  write_text(dir_ / "cells.csv", "a,b,score,weight\na1,b1,1,1\na1,b2,2,1\na2,b1,3,1\na2,b2,4,1\n");
  write_text(dir_ / "m.yaml", "a: {a1: 0.3, a2: 0.7}\nb: {b1: 0.6, b2: 0.4}\n");
  const auto result = run_zipp({"eval", "ipf", "--table", (dir_ / "cells.csv").string(),
                                "--targets", (dir_ / "m.yaml").string(), "-o",
                                (dir_ / "w.csv").string(), "--json", (dir_ / "ipf.json").string()});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  // Independent cells rake to 4 r_i c_j: weights 0.72, 0.48, 1.68, 1.12, raked score 2.8.
  EXPECT_NE(result.output.find("raw score   2.500000"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("raked score 2.800000"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("12.000 %"), std::string::npos) << result.output;
  const auto weights = read(dir_ / "w.csv");
  EXPECT_EQ(weights.substr(0, weights.find('\n')), "row,a,b,score,base_weight,raked_weight");
  const auto row3 = weights.find("\n3,a2,b1,3,1,");
  ASSERT_NE(row3, std::string::npos) << weights;
  EXPECT_NEAR(std::stod(weights.substr(row3 + 13)), 1.68, 1e-9) << weights;
  const auto json = nlohmann::json::parse(read(dir_ / "ipf.json"));
  EXPECT_EQ(json.at("stop").get<std::string>(), "converged");
  EXPECT_EQ(json.at("margins").size(), 4U);

  write_text(dir_ / "zero.yaml", "a: {a1: 1, a2: 0}\nb: {b1: 0.5, b2: 0.5}\n");
  const auto bad = run_zipp({"eval", "ipf", "--table", (dir_ / "cells.csv").string(), "--targets",
                             (dir_ / "zero.yaml").string()});
  EXPECT_EQ(bad.exit_code(), 3) << bad.output;
  EXPECT_NE(bad.output.find("a = 'a2' is zero"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace zipp::eval
