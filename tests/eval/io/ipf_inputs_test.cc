// Reading IPF tables (CSV) and target margins (YAML, CSV), and their errors naming the line.
#include "eval/io/ipf_inputs.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;

class IpfInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zipp-eval-ipf-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  template <typename F>
  std::string error_of(F&& read) {
    try {
      read();
    } catch (const core::Error& error) {
      return error.what();
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(IpfInputs, TableWithWeights) {
  const auto path = write("t.csv",
                          "gender,age,score,weight\r\n"
                          "male,<25,61.5,2\r\n"
                          "\r\n"
                          "\"female\",\"25-34\",70,1.5\r\n");
  const auto table = read_ipf_table(path);
  EXPECT_EQ(table.variables, (std::vector<std::string>{"gender", "age"}));
  EXPECT_EQ(table.values[1][1], "25-34");
  EXPECT_EQ(table.scores, (std::vector<double>{61.5, 70}));
  EXPECT_EQ(table.base_weights, (std::vector<double>{2, 1.5}));
}

TEST_F(IpfInputs, TableErrors) {
  auto path = write("a.csv", "gender,value\nmale,1\n");
  EXPECT_NE(error_of([&] { read_ipf_table(path); }).find("no score column 'score'"),
            std::string::npos);
  IpfTableColumns columns;
  columns.score = "value";
  EXPECT_EQ(read_ipf_table(path, columns).scores.front(), 1.0);
  path = write("b.csv", "gender,score\nmale,1\nfemale,high\n");
  const auto bad = error_of([&] { read_ipf_table(path); });
  EXPECT_NE(bad.find("b.csv:3: column 'score' holds 'high'"), std::string::npos) << bad;
  path = write("c.csv", "gender,score\nmale,1,2\n");
  EXPECT_NE(error_of([&] { read_ipf_table(path); }).find("c.csv:2: expected 2 fields"),
            std::string::npos);
  path = write("d.csv", "score\n1\n");
  EXPECT_NE(error_of([&] { read_ipf_table(path); }).find("no demographic variable"),
            std::string::npos);
  EXPECT_THROW(read_ipf_table(dir_ / "none.csv"), core::IoError);
}

TEST_F(IpfInputs, TargetsFromYamlAndCsv) {
  const auto yaml = write("m.yaml",
                          "gender:\n  male: 0.49\n  female: 0.51\n"
                          "age:\n  \"<25\": 0.3\n  25-34: 0.7\n");
  const auto targets = read_ipf_targets(yaml);
  ASSERT_EQ(targets.variables.size(), 2U);
  EXPECT_EQ(targets.variables[0].variable, "gender");
  EXPECT_EQ(targets.variables[1].categories[0].first, "<25");
  EXPECT_EQ(targets.variables[1].categories[1].second, 0.7);
  const auto csv = write("m.csv", "variable,category,target\ngender,male,49\ngender,female,51\n");
  const auto from_csv = read_ipf_targets(csv);
  ASSERT_EQ(from_csv.variables.size(), 1U);
  EXPECT_EQ(from_csv.variables[0].categories[1].second, 51.0);
}

TEST_F(IpfInputs, TargetErrors) {
  auto path = write("a.yaml", "gender:\n  male: half\n");
  const auto message = error_of([&] { read_ipf_targets(path); });
  EXPECT_NE(message.find("a.yaml:2: the target of gender = 'male' is 'half'"), std::string::npos)
      << message;
  path = write("b.yaml", "- gender\n");
  EXPECT_NE(error_of([&] { read_ipf_targets(path); }).find("expected a mapping"),
            std::string::npos);
  path = write("c.yaml", "gender: 0.5\n");
  EXPECT_NE(error_of([&] { read_ipf_targets(path); }).find("must map each category"),
            std::string::npos);
  path = write("d.csv", "var,cat\ngender,male\n");
  EXPECT_NE(error_of([&] { read_ipf_targets(path); }).find("variable,category,target"),
            std::string::npos);
}

}  // namespace
}  // namespace zipp::eval
