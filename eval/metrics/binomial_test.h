// The exact binomial test of pairwise A/B outcomes (human-study win rates, docs/evaluation.md):
// how likely k or more extreme successes out of n are if each trial succeeds with probability p.
// Two-sided p-values follow scipy.stats.binomtest: the sum of the probabilities of every outcome
// no more likely than the observed one (relative tolerance 1e-7). Everything is computed in log
// space, so n up to 1e6 and p-values far below the smallest double stay exact.
#pragma once

#include <cstdint>

namespace zipp::eval {

struct BinomialTest {
  double p_value = 1.0;      // min(1, ...); may underflow to 0 for extreme counts
  double log_p_value = 0.0;  // natural log of the p-value, exact where p_value underflows
};

// log P(X = k) for X ~ Binomial(n, p).
double binomial_log_pmf(std::int64_t k, std::int64_t n, double p);

// Two-sided exact test of k successes in n trials against success probability p (0 < p < 1).
// ConfigError for n < 0, k outside [0, n] or p outside (0, 1).
BinomialTest binomial_test_two_sided(std::int64_t k, std::int64_t n, double p = 0.5);

}  // namespace zipp::eval
