#include "verbalize/llm/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace zipp::verbalize {

double RetryPolicy::delay_s(int retry, std::optional<double> retry_after_s, core::Rng& rng) const {
  // 2^62 already exceeds any sensible ceiling; capping the exponent keeps ldexp finite.
  const int exponent = std::clamp(retry - 1, 0, 62);
  const double bound = std::min(backoff_max_s, std::ldexp(backoff_initial_s, exponent));
  double wait = rng.uniform(0.0, bound);
  if (retry_after_s.has_value() && std::isfinite(*retry_after_s)) {
    wait = std::max(wait, *retry_after_s);
  }
  return std::clamp(wait, 0.0, backoff_max_s);
}

bool retryable_status(long status) {
  return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

}  // namespace zipp::verbalize
