#include "eval/metrics/win_rate.h"

#include <limits>
#include <vector>

#include "core/check.h"
#include "core/error.h"
#include "eval/metrics/binomial_test.h"

namespace zipp::eval {

WinRate win_rate(std::span<const Outcome> outcomes, const BootstrapOptions& options) {
  ZIPP_CHECK_T(core::InputError, !outcomes.empty(), "win rate: no comparisons");
  WinRate rate;
  std::vector<double> decisive;
  for (const Outcome outcome : outcomes) {
    if (outcome == Outcome::kTie) {
      ++rate.ties;
      continue;
    }
    const bool win = outcome == Outcome::kWin;
    rate.wins += win ? 1 : 0;
    rate.losses += win ? 0 : 1;
    decisive.push_back(win ? 1.0 : 0.0);
  }
  const std::int64_t n = rate.wins + rate.losses;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  rate.win_rate = n > 0 ? static_cast<double>(rate.wins) / static_cast<double>(n) : nan;
  rate.win_rate_ties_half =
      (static_cast<double>(rate.wins) + 0.5 * static_cast<double>(rate.ties)) /
      static_cast<double>(outcomes.size());
  rate.p_value = binomial_test_two_sided(rate.wins, n).p_value;
  rate.interval = n > 0 ? bootstrap_mean(decisive, options) : ConfidenceInterval{nan, nan, nan};
  return rate;
}

}  // namespace zipp::eval
