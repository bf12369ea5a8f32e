// When to retry a chat request and how long to wait first: exponential back-off with full jitter
// (the wait before retry r is uniform in [0, min(backoff_max, backoff_initial * 2^(r-1))]), a
// server's Retry-After taken as a floor, and backoff_max as the ceiling of every wait. The random
// draws come from a caller-seeded stream so tests and reruns see the same waits.
#pragma once

#include <optional>

#include "core/random/rng.h"

namespace zipp::verbalize {

struct RetryPolicy {
  int max_retries = 4;  // attempts = at most max_retries + 1
  double backoff_initial_s = 1;
  double backoff_max_s = 60;

  // Seconds to wait before retry number `retry` (1 = the second attempt).
  double delay_s(int retry, std::optional<double> retry_after_s, core::Rng& rng) const;
};

// True for the HTTP statuses worth retrying: 408 (request timeout), 429 (rate limited), 5xx.
bool retryable_status(long status);

}  // namespace zipp::verbalize
