#include "verbalize/llm/retry_policy.h"

#include <gtest/gtest.h>

#include "verbalize/llm/http_session.h"

namespace zipp::verbalize {
namespace {

TEST(RetryPolicy, FullJitterStaysUnderTheDoublingBound) {
  const RetryPolicy policy{5, 0.5, 3.0};
  core::Rng rng(1);
  double largest_first = 0;
  double largest_third = 0;
  for (int i = 0; i < 2000; ++i) {
    const double first = policy.delay_s(1, std::nullopt, rng);
    const double third = policy.delay_s(3, std::nullopt, rng);
    EXPECT_GE(first, 0.0);
    EXPECT_LE(first, 0.5);
    EXPECT_LE(third, 2.0);
    largest_first = std::max(largest_first, first);
    largest_third = std::max(largest_third, third);
    EXPECT_LE(policy.delay_s(10, std::nullopt, rng), 3.0);  // capped by backoff_max
  }
  EXPECT_GT(largest_first, 0.4);  // the draws spread over the range
  EXPECT_GT(largest_third, 1.6);
}

TEST(RetryPolicy, SameSeedSameWaits) {
  const RetryPolicy policy{5, 1.0, 60.0};
  core::Rng a(42, {7});
  core::Rng b(42, {7});
  core::Rng c(42, {8});
  const double wait_a = policy.delay_s(2, std::nullopt, a);
  EXPECT_EQ(wait_a, policy.delay_s(2, std::nullopt, b));
  EXPECT_NE(wait_a, policy.delay_s(2, std::nullopt, c));
}

TEST(RetryPolicy, RetryAfterIsAFloorCappedByBackoffMax) {
  const RetryPolicy policy{5, 0.01, 5.0};
  core::Rng rng(3);
  EXPECT_EQ(policy.delay_s(1, 2.0, rng), 2.0);
  EXPECT_EQ(policy.delay_s(1, 30.0, rng), 5.0);
  EXPECT_LE(policy.delay_s(1, 0.0, rng), 0.01);
}

TEST(RetryPolicy, RetryableStatuses) {
  for (long status : {408L, 429L, 500L, 502L, 503L, 504L}) EXPECT_TRUE(retryable_status(status));
  for (long status : {200L, 400L, 401L, 403L, 404L, 422L}) EXPECT_FALSE(retryable_status(status));
}

TEST(RetryAfter, ParsesSecondsAndDates) {
  EXPECT_EQ(parse_retry_after("2"), 2.0);
  EXPECT_EQ(parse_retry_after(" 1.5 "), 1.5);
  EXPECT_EQ(parse_retry_after("-4"), 0.0);
  EXPECT_EQ(parse_retry_after("soon"), std::nullopt);
  EXPECT_EQ(parse_retry_after(""), std::nullopt);
  // A date in the past asks for no wait.
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), 0.0);
}

}  // namespace
}  // namespace zipp::verbalize
