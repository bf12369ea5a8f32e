// IPF raking on small tables whose fixed point is known in closed form, the ipfn stopping rule,
// and every error the targets or the table can cause.
#include "eval/metrics/ipf.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::eval {
namespace {

// A 2 x 2 table: a in {a1, a2}, b in {b1, b2}, one cell each, cells in the order 11, 12, 21, 22.
IpfTable two_by_two(std::vector<double> weights, std::vector<double> scores = {1, 2, 3, 4}) {
  IpfTable table;
  table.source = "2x2";
  table.variables = {"a", "b"};
  table.values = {{"a1", "a1", "a2", "a2"}, {"b1", "b2", "b1", "b2"}};
  table.scores = std::move(scores);
  table.base_weights = std::move(weights);
  return table;
}

IpfTargets targets_of(double a1, double a2, double b1, double b2) {
  IpfTargets targets;
  targets.source = "targets";
  targets.variables = {{"a", {{"a1", a1}, {"a2", a2}}}, {"b", {{"b1", b1}, {"b2", b2}}}};
  return targets;
}

IpfOptions tight() {
  IpfOptions options;
  options.tolerance = 1e-12;
  options.rate_tolerance = 0.0;
  return options;
}

std::string message_of(const IpfTable& table, const IpfTargets& targets,
                       const IpfOptions& options = {}) {
  try {
    rake(table, targets, options);
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(Ipf, UniformCellsRakeToTheProductOfTheMargins) {
  // Equal base weights have odds ratio 1, so the fixed point is w_ij = total * r_i * c_j.
  const auto result = rake(two_by_two({1, 1, 1, 1}), targets_of(0.3, 0.7, 0.6, 0.4), tight());
  EXPECT_EQ(result.stop, IpfStop::kConverged);
  const double expected[] = {4 * 0.3 * 0.6, 4 * 0.3 * 0.4, 4 * 0.7 * 0.6, 4 * 0.7 * 0.4};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(result.weights[i], expected[i], 1e-12) << i;
  EXPECT_DOUBLE_EQ(result.raw_score, 2.5);
  const double raked = (expected[0] * 1 + expected[1] * 2 + expected[2] * 3 + expected[3] * 4) / 4;
  EXPECT_NEAR(result.raked_score, raked, 1e-12);
  EXPECT_NEAR(result.change_percent, 100.0 * (raked - 2.5) / 2.5, 1e-9);
}

TEST(Ipf, TwoByTwoKeepsTheOddsRatio) {
  // Raking keeps w11 w22 / (w12 w21) = 4 / 6; with all margins 1/2 the fitted shares are
  // x, 1/2 - x, 1/2 - x, x with x^2 / (1/2 - x)^2 = 2/3, so x = s / (2 (1 + s)), s = sqrt(2/3).
  const auto result = rake(two_by_two({1, 2, 3, 4}), targets_of(1, 1, 1, 1), tight());
  const double s = std::sqrt(2.0 / 3.0);
  const double x = s / (2.0 * (1.0 + s));
  const double total = 10.0;  // raked weights keep the table's total weight
  EXPECT_NEAR(result.weights[0], total * x, 1e-10);
  EXPECT_NEAR(result.weights[1], total * (0.5 - x), 1e-10);
  EXPECT_NEAR(result.weights[2], total * (0.5 - x), 1e-10);
  EXPECT_NEAR(result.weights[3], total * x, 1e-10);
  EXPECT_DOUBLE_EQ(result.raw_score, 3.0);  // (1 + 4 + 9 + 16) / 10
  EXPECT_NEAR(result.raked_score, x * 1 + (0.5 - x) * 2 + (0.5 - x) * 3 + x * 4, 1e-10);
  EXPECT_GT(result.iterations, 1);
  for (const auto& margin : result.margins) {
    EXPECT_NEAR(margin.raked_share, 0.5, 1e-12) << margin.variable << "=" << margin.category;
  }
  EXPECT_NEAR(result.margins[0].raw_share, 0.3, 1e-15);  // a1: (1 + 2) / 10
}

TEST(Ipf, DefaultStoppingRuleIsIpfns) {
  const auto result = rake(two_by_two({1, 2, 3, 4}), targets_of(0.5, 0.5, 0.2, 0.8));
  EXPECT_EQ(result.stop, IpfStop::kConverged);
  EXPECT_LE(result.max_margin_error, 1e-5);
  // One sweep fewer would not have met the tolerance.
  IpfOptions fewer;
  fewer.max_iterations = result.iterations - 1;
  EXPECT_NE(message_of(two_by_two({1, 2, 3, 4}), targets_of(0.5, 0.5, 0.2, 0.8), fewer)
                .find("no convergence after"),
            std::string::npos);
}

TEST(Ipf, UnreachableTargetsStall) {
  // Only (a1, b1) and (a2, b2) exist, so a1's share is b1's: 1/2 and 3/10 cannot both hold. Each
  // sweep ends with b fitted and a off by 0.4; the error stops changing and ipfn's rule stops.
  IpfTable table;
  table.variables = {"a", "b"};
  table.values = {{"a1", "a2"}, {"b1", "b2"}};
  table.scores = {1, 0};
  IpfTargets targets;
  targets.variables = {{"a", {{"a1", 0.5}, {"a2", 0.5}}}, {"b", {{"b1", 0.3}, {"b2", 0.7}}}};
  const auto result = rake(table, targets);
  EXPECT_EQ(result.stop, IpfStop::kStalled);
  EXPECT_NEAR(result.max_margin_error, 0.4, 1e-12);
  EXPECT_EQ(result.iterations, 2);
}

TEST(Ipf, MarginsDisagreeingInTotal) {
  const auto message = message_of(two_by_two({1, 1, 1, 1}), targets_of(0.5, 0.5, 0.5, 0.6));
  EXPECT_NE(message.find("disagree in total"), std::string::npos) << message;
  EXPECT_NE(message.find("'b'"), std::string::npos) << message;
  // Counts are fine when every variable counts the same population.
  EXPECT_NO_THROW(rake(two_by_two({1, 1, 1, 1}), targets_of(30, 70, 40, 60)));
}

TEST(Ipf, ZeroTargetMeetsCellsWithWeight) {
  const auto message = message_of(two_by_two({1, 1, 1, 1}), targets_of(1, 0, 0.5, 0.5));
  EXPECT_NE(message.find("a = 'a2' is zero"), std::string::npos) << message;
  // Cells of weight 0 in a zero-target category are allowed.
  const auto result = rake(two_by_two({1, 1, 0, 0}), targets_of(1, 0, 0.5, 0.5));
  EXPECT_EQ(result.weights[2], 0.0);
  EXPECT_NEAR(result.weights[0], 1.0, 1e-9);
}

TEST(Ipf, CategoryWithoutCells) {
  auto targets = targets_of(0.5, 0.5, 0.5, 0.5);
  targets.variables[1].categories = {{"b1", 0.4}, {"b2", 0.4}, {"b3", 0.2}};
  const auto message = message_of(two_by_two({1, 1, 1, 1}), targets);
  EXPECT_NE(message.find("b = 'b3'"), std::string::npos) << message;
  EXPECT_NE(message.find("no cells"), std::string::npos) << message;
}

TEST(Ipf, CellsAndVariablesWithoutTargets) {
  auto targets = targets_of(0.5, 0.5, 0.5, 0.5);
  targets.variables[0].categories.pop_back();
  targets.variables[0].categories[0].second = 1.0;
  auto message = message_of(two_by_two({1, 1, 1, 1}), targets);
  EXPECT_NE(message.find("cell 3 has a = 'a2'"), std::string::npos) << message;

  targets = targets_of(0.5, 0.5, 0.5, 0.5);
  targets.variables.pop_back();
  message = message_of(two_by_two({1, 1, 1, 1}), targets);
  EXPECT_NE(message.find("variable 'b' has no target margins"), std::string::npos) << message;

  targets = targets_of(0.5, 0.5, 0.5, 0.5);
  targets.variables.push_back({"age", {{"young", 1.0}}});
  message = message_of(two_by_two({1, 1, 1, 1}), targets);
  EXPECT_NE(message.find("'age' is not a column"), std::string::npos) << message;
}

TEST(Ipf, BadWeightsAndScores) {
  EXPECT_NE(message_of(two_by_two({1, -1, 1, 1}), targets_of(1, 1, 1, 1)).find("cell 2"),
            std::string::npos);
  EXPECT_NE(message_of(two_by_two({1, 1, 1, 1}, {1, 2, NAN, 4}), targets_of(1, 1, 1, 1))
                .find("cell 3 has score"),
            std::string::npos);
  EXPECT_THROW(rake(two_by_two({0, 0, 0, 0}), targets_of(1, 1, 1, 1)), core::InputError);
}

TEST(Ipf, ZeroRawScoreHasNoChangePercent) {
  const auto result = rake(two_by_two({1, 1, 1, 1}, {0, 0, 0, 0}), targets_of(1, 1, 1, 1));
  EXPECT_TRUE(std::isnan(result.change_percent));
}

}  // namespace
}  // namespace zipp::eval
