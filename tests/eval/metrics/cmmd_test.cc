// CMMD against values derived by hand and against the formula written out as plain double loops.
#include "eval/metrics/cmmd.h"

#include <cmath>
#include <vector>

#include <ATen/ops/tensor.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/random/rng.h"

namespace zipp::eval {
namespace {

using Rows = std::vector<std::vector<double>>;

at::Tensor to_tensor(const Rows& rows) {
  std::vector<double> flat;
  for (const auto& row : rows) flat.insert(flat.end(), row.begin(), row.end());
  return at::tensor(flat, at::kDouble).reshape({static_cast<std::int64_t>(rows.size()), -1});
}

// 1000 * (mean k(X,X) + mean k(Y,Y) - 2 mean k(X,Y)), k = exp(-|a-b|^2 / 200), all pairs.
double reference_cmmd(const Rows& x, const Rows& y) {
  auto mean_kernel = [](const Rows& a, const Rows& b) {
    double sum = 0.0;
    for (const auto& p : a) {
      for (const auto& q : b) {
        double d2 = 0.0;
        for (std::size_t k = 0; k < p.size(); ++k) d2 += (p[k] - q[k]) * (p[k] - q[k]);
        sum += std::exp(-d2 / 200.0);
      }
    }
    return sum / static_cast<double>(a.size() * b.size());
  };
  return 1000.0 * (mean_kernel(x, x) + mean_kernel(y, y) - 2.0 * mean_kernel(x, y));
}

Rows random_rows(std::int64_t n, std::int64_t d, std::uint64_t seed, double spread) {
  core::Rng rng(seed);
  Rows rows(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(d)));
  for (auto& row : rows) {
    for (auto& v : row) v = rng.uniform(-spread, spread);
  }
  return rows;
}

CmmdOptions options_with(std::int64_t block, GramPrecision precision) {
  CmmdOptions options;
  options.block_rows = block;
  options.precision = precision;
  return options;
}

TEST(Cmmd, OnePointEachByHand) {
  // k(x,x) = k(y,y) = 1, k(x,y) = exp(-1/200): CMMD = 2000 (1 - exp(-0.005)).
  const auto result = cmmd(to_tensor({{0.0, 0.0}}), to_tensor({{1.0, 0.0}}),
                           options_with(8, GramPrecision::kFloat64));
  EXPECT_NEAR(result.value, 9.975041614635375, 1e-11);
  EXPECT_DOUBLE_EQ(result.mean_xx, 1.0);
  EXPECT_DOUBLE_EQ(result.mean_yy, 1.0);
}

TEST(Cmmd, ThreePointsByHand) {
  // X = {(0,0), (3,4)} (squared distance 25), Y = {(0,0)}: mean k(X,X) = (1 + e)/2 with
  // e = exp(-0.125), mean k(X,Y) = (1 + e)/2, so CMMD = 500 (1 - e) = 58.7515487077...
  const Rows x = {{0.0, 0.0}, {3.0, 4.0}};
  const Rows y = {{0.0, 0.0}};
  for (const auto precision : {GramPrecision::kFloat64, GramPrecision::kFloat32}) {
    const auto result = cmmd(to_tensor(x), to_tensor(y), options_with(1, precision));
    EXPECT_NEAR(result.value, 58.75154870770227, 1e-9);
    EXPECT_NEAR(result.mean_xx, (1.0 + std::exp(-0.125)) / 2.0, 1e-14);
  }
  EXPECT_NEAR(reference_cmmd(x, y), 58.75154870770227, 1e-9);
}

TEST(Cmmd, MatchesDoubleLoopsForEveryBlockSize) {
  const Rows x = random_rows(7, 3, 1, 6.0);
  const Rows y = random_rows(5, 3, 2, 6.0);
  const double expected = reference_cmmd(x, y);
  ASSERT_GT(expected, 1.0);  // far from 0, so a relative check means something
  for (const std::int64_t block : {1, 2, 3, 4, 5, 7, 100}) {
    const auto exact =
        cmmd(to_tensor(x), to_tensor(y), options_with(block, GramPrecision::kFloat64));
    EXPECT_NEAR(exact.value, expected, 1e-11 * expected) << "block " << block;
    const auto fast =
        cmmd(to_tensor(x), to_tensor(y), options_with(block, GramPrecision::kFloat32));
    EXPECT_NEAR(fast.value, expected, 1e-4) << "block " << block;
  }
}

TEST(Cmmd, LargerSetsBlockedEqualUnblocked) {
  const Rows x = random_rows(300, 16, 3, 2.0);
  const Rows y = random_rows(200, 16, 4, 2.5);
  const double expected = reference_cmmd(x, y);
  const auto whole = cmmd(to_tensor(x), to_tensor(y), options_with(1000, GramPrecision::kFloat64));
  EXPECT_NEAR(whole.value, expected, 1e-10 * std::abs(expected));
  for (const std::int64_t block : {17, 64, 199, 256}) {
    const auto blocked =
        cmmd(to_tensor(x), to_tensor(y), options_with(block, GramPrecision::kFloat64));
    EXPECT_NEAR(blocked.value, whole.value, 1e-11 * std::abs(whole.value)) << "block " << block;
  }
  // Only blocks on or above the diagonal of k(X,X) and k(Y,Y) are multiplied.
  const auto one = cmmd(to_tensor(x), to_tensor(y), options_with(100, GramPrecision::kFloat64));
  EXPECT_DOUBLE_EQ(one.matmul_flops, 2.0 * 16 * (100.0 * 100 * 6 + 100.0 * 100 * 3 + 300.0 * 200));
}

TEST(Cmmd, IdenticalSetsGiveZeroAndOrderDoesNotMatter) {
  const Rows x = random_rows(50, 8, 5, 3.0);
  const Rows y = random_rows(40, 8, 6, 3.0);
  EXPECT_NEAR(cmmd(to_tensor(x), to_tensor(x), options_with(7, GramPrecision::kFloat64)).value, 0.0,
              1e-10);
  EXPECT_NEAR(cmmd(to_tensor(x), to_tensor(x), options_with(7, GramPrecision::kFloat32)).value, 0.0,
              1e-4);
  EXPECT_NEAR(cmmd(to_tensor(x), to_tensor(y)).value, cmmd(to_tensor(y), to_tensor(x)).value, 1e-9);
  EXPECT_GT(cmmd(to_tensor(x), to_tensor(y)).value, 0.0);
}

TEST(Cmmd, FloatInputsAreAccepted) {
  const Rows x = random_rows(9, 4, 7, 1.0);
  const Rows y = random_rows(6, 4, 8, 1.0);
  const auto result = cmmd(to_tensor(x).to(at::kFloat), to_tensor(y).to(at::kFloat));
  EXPECT_NEAR(result.value, reference_cmmd(x, y), 1e-3);
}

TEST(Cmmd, RejectsBadSets) {
  const at::Tensor x = to_tensor({{0.0, 1.0}, {1.0, 0.0}});
  EXPECT_THROW(cmmd(x, to_tensor({{0.0, 1.0, 2.0}})), core::InputError);
  EXPECT_THROW(cmmd(x, at::tensor({1.0, 2.0}, at::kDouble)), core::InputError);
  EXPECT_THROW(cmmd(x, x.to(at::kInt)), core::InputError);
  try {
    cmmd(x, to_tensor({{0.0, 1.0}, {NAN, 0.0}}));
    FAIL() << "a NaN was accepted";
  } catch (const core::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("set Y"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("row 1"), std::string::npos) << error.what();
  }
  EXPECT_THROW(cmmd(x, x, options_with(0, GramPrecision::kFloat32)), core::ConfigError);
}

}  // namespace
}  // namespace zipp::eval
