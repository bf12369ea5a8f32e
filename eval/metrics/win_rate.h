// Pairwise A/B win rates of the human study (docs/evaluation.md): how often method A's image was
// preferred to method B's, with an exact two-sided binomial test against 50% and a bootstrap
// interval. method.md does not say how ties count; zipp follows the sign test: ties carry no
// information about which method is better, so the win rate and the test use the decisive
// comparisons only (wins / (wins + losses)). The share with ties counted as half a win each is
// reported beside it.
#pragma once

#include <cstdint>
#include <span>

#include "eval/metrics/bootstrap.h"

namespace zipp::eval {

enum class Outcome { kLoss, kTie, kWin };  // from A's side

struct WinRate {
  std::int64_t wins = 0;
  std::int64_t losses = 0;
  std::int64_t ties = 0;
  double win_rate = 0.0;            // wins / (wins + losses); NaN when every comparison tied
  double win_rate_ties_half = 0.0;  // (wins + ties / 2) / all comparisons
  double p_value = 1.0;             // exact two-sided binomial test of wins in wins + losses
  ConfidenceInterval interval;      // percentile bootstrap of the win rate over decisive pairs
};

// InputError for an empty list of comparisons.
WinRate win_rate(std::span<const Outcome> outcomes, const BootstrapOptions& options = {});

}  // namespace zipp::eval
