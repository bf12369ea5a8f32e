#include "graph/synth/block_pipeline.h"

#include <algorithm>

#include "core/check.h"
#include "graph/synth/user_generator.h"

namespace zipp::graph::synth {

std::int64_t num_blocks(const World& world) {
  const std::int64_t b = world.config.block_users;
  return (world.num_users() + b - 1) / b;
}

std::int64_t block_begin(const World& world, std::int64_t block) {
  return std::min(world.num_users(), block * world.config.block_users);
}

std::int64_t block_end(const World& world, std::int64_t block) {
  return std::min(world.num_users(), (block + 1) * world.config.block_users);
}

BlockPipeline::BlockPipeline(const World& world, std::vector<std::int64_t> blocks,
                             std::int64_t threads)
    : world_(world), blocks_(std::move(blocks)) {
  ZIPP_CHECK(threads >= 0, "block pipeline: threads must be >= 0, found ", threads);
  if (threads == 0) return;
  window_ = 2 * threads;
  slots_.resize(static_cast<std::size_t>(window_));
  workers_.reserve(static_cast<std::size_t>(threads));
  for (std::int64_t t = 0; t < threads; ++t) workers_.emplace_back([this] { work(); });
}

BlockPipeline::~BlockPipeline() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  space_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void BlockPipeline::work() {
  UserGenerator generator(world_);
  const auto total = static_cast<std::int64_t>(blocks_.size());
  for (;;) {
    std::int64_t position = 0;
    {
      std::unique_lock lock(mutex_);
      space_.wait(lock, [&] { return stop_ || taken_ >= total || taken_ < given_ + window_; });
      if (stop_ || taken_ >= total) return;
      position = taken_++;
    }
    try {
      const std::int64_t b = blocks_[position];
      UserBlock block =
          generator.generate(block_begin(world_, b), block_end(world_, b) - block_begin(world_, b));
      const std::lock_guard lock(mutex_);
      slots_[position % window_] = std::move(block);
    } catch (...) {
      const std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
      stop_ = true;
    }
    ready_.notify_all();
  }
}

UserBlock BlockPipeline::next() {
  ZIPP_ASSERT(!done(), "block pipeline: next() after the last block");
  if (workers_.empty()) {
    const std::int64_t b = blocks_[given_++];
    UserGenerator generator(world_);
    return generator.generate(block_begin(world_, b),
                              block_end(world_, b) - block_begin(world_, b));
  }
  std::unique_lock lock(mutex_);
  std::optional<UserBlock>& slot = slots_[given_ % window_];
  ready_.wait(lock, [&] { return slot.has_value() || error_; });
  if (!slot) std::rethrow_exception(error_);
  UserBlock block = std::move(*slot);
  slot.reset();
  ++given_;
  lock.unlock();
  space_.notify_all();
  return block;
}

}  // namespace zipp::graph::synth
