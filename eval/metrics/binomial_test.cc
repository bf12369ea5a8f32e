#include "eval/metrics/binomial_test.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/check.h"
#include "core/error.h"

namespace zipp::eval {

double binomial_log_pmf(std::int64_t k, std::int64_t n, double p) {
  const auto kd = static_cast<double>(k);
  const auto nd = static_cast<double>(n);
  return std::lgamma(nd + 1.0) - std::lgamma(kd + 1.0) - std::lgamma(nd - kd + 1.0) +
         kd * std::log(p) + (nd - kd) * std::log1p(-p);
}

BinomialTest binomial_test_two_sided(std::int64_t k, std::int64_t n, double p) {
  ZIPP_CHECK_T(core::ConfigError, n >= 0 && k >= 0 && k <= n,
               "binomial test: expected 0 <= successes <= trials, found ", k, " successes in ", n,
               " trials");
  ZIPP_CHECK_T(core::ConfigError, p > 0.0 && p < 1.0,
               "binomial test: the null success probability must be in (0, 1), found ", p);
  BinomialTest test;
  if (n == 0) return test;
  // Every outcome at most as likely as the observed one, with scipy's relative tolerance. The sum
  // is divided by the sum over all outcomes, which cancels lgamma's rounding (about 1e-9 of the
  // total at n = 1e6) so that a p-value of 1 is exactly 1.
  const double threshold = binomial_log_pmf(k, n, p) + std::log1p(1e-7);
  std::vector<double> terms(static_cast<std::size_t>(n + 1));
  double largest = -std::numeric_limits<double>::infinity();
  double largest_included = -std::numeric_limits<double>::infinity();
  for (std::int64_t i = 0; i <= n; ++i) {
    const double term = binomial_log_pmf(i, n, p);
    terms[static_cast<std::size_t>(i)] = term;
    largest = std::max(largest, term);
    if (term <= threshold) largest_included = std::max(largest_included, term);
  }
  double included = 0.0;
  double all = 0.0;
  for (const double term : terms) {
    all += std::exp(term - largest);
    if (term <= threshold) included += std::exp(term - largest_included);
  }
  test.log_p_value = std::min(0.0, largest_included + std::log(included) - largest - std::log(all));
  test.p_value = std::exp(test.log_p_value);
  return test;
}

}  // namespace zipp::eval
