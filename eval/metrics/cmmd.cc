#include "eval/metrics/cmmd.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <c10/core/ScalarType.h>

#include "core/check.h"
#include "core/error.h"

namespace zipp::eval {
namespace {

using Clock = std::chrono::steady_clock;

// Neumaier's compensated sum: the block sums of a 30K x 30K kernel differ in the 7th digit, and
// CMMD is a difference of such sums.
class CompensatedSum {
 public:
  void add(double value) {
    const double t = sum_ + value;
    compensation_ += std::abs(sum_) >= std::abs(value) ? (sum_ - t) + value : (value - t) + sum_;
    sum_ = t;
  }
  double value() const { return sum_ + compensation_; }

 private:
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

void check_set(const at::Tensor& t, const char* name) {
  ZIPP_CHECK_T(core::InputError, t.defined() && t.dim() == 2, "CMMD: set ", name,
               " must be a 2-D [rows, dim] matrix, found ",
               t.defined() ? core::str(t.sizes()) : std::string("nothing"));
  ZIPP_CHECK_T(core::InputError, t.size(0) >= 1 && t.size(1) >= 1, "CMMD: set ", name,
               " must have at least one row and one column, found shape ", t.sizes());
  ZIPP_CHECK_T(core::InputError, t.scalar_type() == at::kFloat || t.scalar_type() == at::kDouble,
               "CMMD: set ", name, " must be float32 or float64, found ",
               c10::toString(t.scalar_type()));
  ZIPP_CHECK_T(core::InputError, t.device().is_cpu(), "CMMD: set ", name,
               " must be a CPU tensor, found one on ", t.device().str());
  const at::Tensor bad = t.isfinite().logical_not().any(1).nonzero();
  ZIPP_CHECK_T(core::InputError, bad.size(0) == 0, "CMMD: set ", name, " has ", bad.size(0),
               " row(s) with a NaN or infinite value, the first is row ",
               bad.size(0) ? bad[0][0].item<std::int64_t>() : -1);
}

// One set prepared for the blocks: rows in the Gram dtype and squared norms in float64.
struct Prepared {
  at::Tensor rows;
  at::Tensor sqnorms;  // float64 [rows]
};

Prepared prepare(const at::Tensor& t, GramPrecision precision) {
  const auto dtype = precision == GramPrecision::kFloat32 ? at::kFloat : at::kDouble;
  Prepared p;
  p.rows = t.to(dtype).contiguous();
  const at::Tensor wide = t.to(at::kDouble);
  p.sqnorms = wide.mul(wide).sum(1);
  return p;
}

class BlockSummer {
 public:
  BlockSummer(const CmmdOptions& options, CmmdResult& result)
      : gamma_(1.0 / (2.0 * options.sigma * options.sigma)),
        block_(options.block_rows),
        result_(result) {}

  // Sum of k over all pairs of a's and b's rows; symmetric when a and b are the same set.
  double sum(const Prepared& a, const Prepared& b, bool symmetric) {
    CompensatedSum total;
    const std::int64_t n = a.rows.size(0);
    const std::int64_t m = b.rows.size(0);
    for (std::int64_t i = 0; i < n; i += block_) {
      const std::int64_t bi = std::min(block_, n - i);
      const at::Tensor ai = a.rows.narrow(0, i, bi);
      const at::Tensor ni = a.sqnorms.narrow(0, i, bi).unsqueeze(1);
      for (std::int64_t j = symmetric ? i : 0; j < m; j += block_) {
        const std::int64_t bj = std::min(block_, m - j);
        const double block_sum =
            kernel_sum(ai, ni, b.rows.narrow(0, j, bj), b.sqnorms.narrow(0, j, bj).unsqueeze(0));
        total.add(symmetric && j != i ? 2.0 * block_sum : block_sum);
      }
    }
    return total.value();
  }

 private:
  double kernel_sum(const at::Tensor& a, const at::Tensor& a_sqnorms, const at::Tensor& b,
                    const at::Tensor& b_sqnorms) {
    const auto start = Clock::now();
    at::Tensor gram = a.mm(b.t());
    result_.matmul_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    result_.matmul_flops += 2.0 * static_cast<double>(a.size(0)) * static_cast<double>(b.size(0)) *
                            static_cast<double>(a.size(1));
    // |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, clamped at 0 against rounding.
    at::Tensor distance = gram.to(at::kDouble);
    distance.mul_(-2.0).add_(a_sqnorms).add_(b_sqnorms).clamp_min_(0.0);
    return distance.mul_(-gamma_).exp_().sum().item<double>();
  }

  double gamma_;
  std::int64_t block_;
  CmmdResult& result_;
};

}  // namespace

CmmdResult cmmd(const at::Tensor& x, const at::Tensor& y, const CmmdOptions& options) {
  const auto start = Clock::now();
  check_set(x, "X");
  check_set(y, "Y");
  ZIPP_CHECK_T(core::InputError, x.size(1) == y.size(1),
               "CMMD: both sets must have the same embedding dimension, found X ", x.sizes(),
               " and Y ", y.sizes());
  ZIPP_CHECK_T(core::ConfigError, options.block_rows >= 1,
               "CMMD: block_rows must be at least 1, found ", options.block_rows);
  ZIPP_CHECK_T(core::ConfigError, options.sigma > 0.0 && std::isfinite(options.sigma),
               "CMMD: sigma must be positive, found ", options.sigma);

  CmmdResult result;
  const Prepared px = prepare(x, options.precision);
  const Prepared py = prepare(y, options.precision);
  BlockSummer summer(options, result);
  const auto n = static_cast<double>(x.size(0));
  const auto m = static_cast<double>(y.size(0));
  result.mean_xx = summer.sum(px, px, true) / (n * n);
  result.mean_yy = summer.sum(py, py, true) / (m * m);
  result.mean_xy = summer.sum(px, py, false) / (n * m);
  result.value = options.scale * (result.mean_xx + result.mean_yy - 2.0 * result.mean_xy);
  result.total_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace zipp::eval
