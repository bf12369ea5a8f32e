#include "training/sampler/prefetching_sampler.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include <gtest/gtest.h>

#include "core/error.h"
#include "tests/training/sampler/sample_shard.h"

namespace zipp::training {
namespace {

using testing::sample_shard;

TEST(PrefetchingSampler, ReturnsExactlyWhatSampleGivesInOrder) {
  const partition::Shard shard = sample_shard({});
  const NeighborSampler sampler(shard, {.batch_size = 8, .fanout = 5, .seed = 4}, 0, 6);
  for (const std::int64_t threads : {1, 2, 4}) {
    for (const std::int64_t capacity : {1, 2, 5}) {
      for (const std::int64_t begin_step : {0, 4}) {
        SCOPED_TRACE(::testing::Message() << threads << " threads, capacity " << capacity
                                          << ", begin step " << begin_step);
        PrefetchingSampler prefetch(sampler, 1, 3, begin_step,
                                    {.threads = threads, .capacity = capacity});
        std::int64_t count = 0;
        for (std::int64_t epoch = 1; epoch < 3; ++epoch) {
          for (std::int64_t step = epoch == 1 ? begin_step : 0; step < 6; ++step) {
            const std::optional<MiniBatch> batch = prefetch.next();
            ASSERT_TRUE(batch.has_value());
            ASSERT_EQ(*batch, sampler.sample(epoch, step));
            ++count;
          }
        }
        EXPECT_EQ(count, 12 - begin_step);
        EXPECT_FALSE(prefetch.next().has_value());
        EXPECT_FALSE(prefetch.next().has_value());
      }
    }
  }
}

TEST(PrefetchingSampler, StaysWithinCapacity) {
  std::atomic<std::int64_t> started{0};
  PrefetchingSampler::SampleFn fn = [&](std::int64_t epoch, std::int64_t step) {
    ++started;
    MiniBatch b;
    b.epoch = epoch;
    b.step = step;
    return b;
  };
  PrefetchingSampler prefetch(fn, 100, 0, 1, 0, {.threads = 3, .capacity = 2});
  for (std::int64_t step = 0; step < 10; ++step) {
    const auto batch = prefetch.next();
    ASSERT_TRUE(batch.has_value());
    EXPECT_EQ(batch->step, step);
    // Batches taken so far plus at most `capacity` ahead of the next one.
    EXPECT_LE(started.load(), step + 1 + 2);
  }
}

TEST(PrefetchingSampler, RethrowsAWorkerExceptionAtItsBatch) {
  for (const std::int64_t threads : {1, 3}) {
    PrefetchingSampler::SampleFn fn = [](std::int64_t epoch, std::int64_t step) {
      if (epoch == 1 && step == 2) throw core::InputError("broken batch");
      MiniBatch b;
      b.epoch = epoch;
      b.step = step;
      return b;
    };
    PrefetchingSampler prefetch(fn, 4, 0, 3, 0, {.threads = threads, .capacity = 3});
    for (std::int64_t k = 0; k < 6; ++k) {
      const auto batch = prefetch.next();
      ASSERT_TRUE(batch.has_value());
      EXPECT_EQ(batch->epoch * 4 + batch->step, k);
    }
    EXPECT_THROW(prefetch.next(), core::InputError);
    EXPECT_THROW(prefetch.next(), core::InputError);
  }
}

TEST(PrefetchingSampler, ShutsDownWithBatchesUnconsumed) {
  const partition::Shard shard = sample_shard({});
  const NeighborSampler sampler(shard, {.batch_size = 8, .fanout = 5, .seed = 4}, 0, 6);
  for (int i = 0; i < 5; ++i) {
    PrefetchingSampler prefetch(sampler, 0, 100, 0, {.threads = 2, .capacity = 3});
    ASSERT_TRUE(prefetch.next().has_value());
  }
  PrefetchingSampler untouched(sampler, 0, 100, 0, {.threads = 2, .capacity = 3});
}

TEST(PrefetchingSampler, RejectsBadOptions) {
  const partition::Shard shard = sample_shard({});
  const NeighborSampler sampler(shard, {.batch_size = 8, .fanout = 5, .seed = 4}, 0, 6);
  EXPECT_THROW(PrefetchingSampler(sampler, 0, 1, 0, {.threads = 0, .capacity = 1}),
               core::ConfigError);
  EXPECT_THROW(PrefetchingSampler(sampler, 0, 1, 0, {.threads = 1, .capacity = 0}),
               core::ConfigError);
  EXPECT_THROW(PrefetchingSampler(sampler, 2, 1, 0), core::ConfigError);
  EXPECT_THROW(PrefetchingSampler(sampler, 0, 1, 6), core::ConfigError);
}

}  // namespace
}  // namespace zipp::training
