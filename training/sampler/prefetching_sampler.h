// Runs the sampler ahead of compute (docs/training.md "Sampler"): worker threads build the next
// batches while the trainer works on the current one, into a bounded window of at most
// `capacity` batches built or being built past the one the consumer will take next. Batches come
// out in (epoch, step) order whatever the thread count, each exactly what sample() returns.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "training/sampler/mini_batch.h"
#include "training/sampler/neighbor_sampler.h"

namespace zipp::training {

struct PrefetchOptions {
  std::int64_t threads = 1;   // worker threads, >= 1
  std::int64_t capacity = 4;  // batches in flight or ready, >= 1
};

class PrefetchingSampler {
 public:
  using SampleFn = std::function<MiniBatch(std::int64_t epoch, std::int64_t step)>;

  // Batches (epoch, step) for epoch in [begin_epoch, end_epoch) and step in
  // [0, steps_per_epoch), starting at (begin_epoch, begin_step) to resume mid-epoch. `sampler`
  // must outlive this object. ConfigError on bad options or ranges.
  PrefetchingSampler(const NeighborSampler& sampler, std::int64_t begin_epoch,
                     std::int64_t end_epoch, std::int64_t begin_step = 0,
                     PrefetchOptions options = {});
  // The same over any pure, thread-safe sample function.
  PrefetchingSampler(SampleFn sample, std::int64_t steps_per_epoch, std::int64_t begin_epoch,
                     std::int64_t end_epoch, std::int64_t begin_step = 0,
                     PrefetchOptions options = {});
  ~PrefetchingSampler();

  PrefetchingSampler(const PrefetchingSampler&) = delete;
  PrefetchingSampler& operator=(const PrefetchingSampler&) = delete;

  // The next batch in order, or nullopt after the last. If building a batch threw, the
  // exception is rethrown here when that batch's turn comes (and again on later calls);
  // the batches before it are returned normally.
  std::optional<MiniBatch> next();

 private:
  struct Result {
    std::optional<MiniBatch> batch;
    std::exception_ptr error;
  };

  void work();

  SampleFn sample_;
  std::int64_t steps_per_epoch_;
  std::int64_t first_;  // flat index epoch * steps_per_epoch + step of the first batch
  std::int64_t total_;  // batches to produce
  std::int64_t capacity_;

  std::mutex mutex_;
  std::condition_variable work_ready_;   // workers wait for room in the window
  std::condition_variable batch_ready_;  // the consumer waits for its batch
  std::int64_t claimed_ = 0;             // next ticket a worker takes
  std::int64_t consumed_ = 0;            // next ticket the consumer takes
  std::int64_t failed_at_ = -1;          // first ticket whose build threw
  bool stopping_ = false;
  std::map<std::int64_t, Result> ready_;
  std::exception_ptr error_;  // rethrown from the failed ticket on
  std::vector<std::thread> workers_;
};

}  // namespace zipp::training
