#include "training/sampler/prefetching_sampler.h"

#include <utility>

#include "core/check.h"
#include "core/error.h"

namespace zipp::training {

PrefetchingSampler::PrefetchingSampler(const NeighborSampler& sampler, std::int64_t begin_epoch,
                                       std::int64_t end_epoch, std::int64_t begin_step,
                                       PrefetchOptions options)
    : PrefetchingSampler(
          [&sampler](std::int64_t epoch, std::int64_t step) { return sampler.sample(epoch, step); },
          sampler.steps_per_epoch(), begin_epoch, end_epoch, begin_step, options) {}

PrefetchingSampler::PrefetchingSampler(SampleFn sample, std::int64_t steps_per_epoch,
                                       std::int64_t begin_epoch, std::int64_t end_epoch,
                                       std::int64_t begin_step, PrefetchOptions options)
    : sample_(std::move(sample)), steps_per_epoch_(steps_per_epoch), capacity_(options.capacity) {
  ZIPP_CHECK_T(core::ConfigError, options.threads >= 1,
               "prefetching sampler: threads must be >= 1, found ", options.threads);
  ZIPP_CHECK_T(core::ConfigError, options.capacity >= 1,
               "prefetching sampler: capacity must be >= 1, found ", options.capacity);
  ZIPP_CHECK_T(core::ConfigError, steps_per_epoch >= 1,
               "prefetching sampler: steps_per_epoch must be >= 1, found ", steps_per_epoch);
  ZIPP_CHECK_T(core::ConfigError, 0 <= begin_epoch && begin_epoch <= end_epoch,
               "prefetching sampler: epochs [", begin_epoch, ", ", end_epoch, ") are not a range");
  ZIPP_CHECK_T(core::ConfigError, 0 <= begin_step && begin_step < steps_per_epoch,
               "prefetching sampler: begin_step ", begin_step, " outside [0, ", steps_per_epoch,
               ")");
  first_ = begin_epoch * steps_per_epoch + begin_step;
  total_ = std::max<std::int64_t>(0, end_epoch * steps_per_epoch - first_);
  for (std::int64_t i = 0; i < options.threads; ++i) workers_.emplace_back([this] { work(); });
}

PrefetchingSampler::~PrefetchingSampler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void PrefetchingSampler::work() {
  for (;;) {
    std::int64_t ticket = 0;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] {
        return stopping_ || claimed_ >= total_ || failed_at_ >= 0 ||
               claimed_ < consumed_ + capacity_;
      });
      if (stopping_ || claimed_ >= total_ || failed_at_ >= 0) return;
      ticket = claimed_++;
    }
    Result result;
    const std::int64_t flat = first_ + ticket;
    try {
      result.batch = sample_(flat / steps_per_epoch_, flat % steps_per_epoch_);
    } catch (...) {
      result.error = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      // Tickets past a failure are still delivered up to it; later claims stop.
      if (result.error && (failed_at_ < 0 || ticket < failed_at_)) failed_at_ = ticket;
      ready_.emplace(ticket, std::move(result));
    }
    batch_ready_.notify_all();
  }
}

std::optional<MiniBatch> PrefetchingSampler::next() {
  std::unique_lock lock(mutex_);
  if (error_) std::rethrow_exception(error_);
  if (consumed_ >= total_) return std::nullopt;
  batch_ready_.wait(lock, [&] { return ready_.contains(consumed_); });
  auto node = ready_.extract(consumed_);
  Result& result = node.mapped();
  if (result.error) {
    error_ = result.error;
    std::rethrow_exception(error_);
  }
  ++consumed_;
  lock.unlock();
  work_ready_.notify_all();
  return std::move(result.batch);
}

}  // namespace zipp::training
