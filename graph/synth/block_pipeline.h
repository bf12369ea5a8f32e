// Generates one rank's share of user blocks on worker threads and hands them out in order, so
// the rank's main thread can write or send block i while the workers draw blocks i+1, i+2, ...
// At most `window` blocks exist at once (generated and not yet taken), which bounds memory. With
// no worker threads, next() generates the block itself.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "graph/synth/user_block.h"
#include "graph/synth/world.h"

namespace zipp::graph::synth {

// Users [block * block_users, ...) of block `block`, clipped to the world.
std::int64_t block_begin(const World& world, std::int64_t block);
std::int64_t block_end(const World& world, std::int64_t block);
std::int64_t num_blocks(const World& world);

class BlockPipeline {
 public:
  // `blocks`: block ids in the order next() returns them.
  BlockPipeline(const World& world, std::vector<std::int64_t> blocks, std::int64_t threads);
  // Stops the workers (after the block each is drawing) and joins them.
  ~BlockPipeline();
  BlockPipeline(const BlockPipeline&) = delete;
  BlockPipeline& operator=(const BlockPipeline&) = delete;

  bool done() const { return given_ == static_cast<std::int64_t>(blocks_.size()); }
  // The next block in order; rethrows a worker's exception.
  UserBlock next();

 private:
  void work();

  const World& world_;
  const std::vector<std::int64_t> blocks_;
  std::int64_t window_ = 1;

  std::mutex mutex_;
  std::condition_variable ready_;                // a block was finished (or a worker failed)
  std::condition_variable space_;                // a block was taken (or stop)
  std::vector<std::optional<UserBlock>> slots_;  // block position % window
  std::int64_t taken_ = 0;                       // positions claimed by workers
  std::int64_t given_ = 0;                       // positions handed to the caller
  bool stop_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> workers_;
};

}  // namespace zipp::graph::synth
