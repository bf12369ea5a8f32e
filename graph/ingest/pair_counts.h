// Post and comment counts per (user id, subreddit id) pair on one rank: an open-addressing table
// keyed by the two 32-bit ids packed into one 64-bit key, so a record costs one probe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/random/hash.h"

namespace zipp::graph {

class PairCounts {
 public:
  struct Entry {
    std::uint64_t key = kEmpty;
    std::int64_t posts = 0;
    std::int64_t comments = 0;

    std::uint32_t user() const { return static_cast<std::uint32_t>(key >> 32); }
    std::uint32_t subreddit() const { return static_cast<std::uint32_t>(key); }
  };
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  PairCounts() : slots_(1024) {}

  // The pair's counts, zero when new.
  Entry& at(std::uint32_t user, std::uint32_t subreddit) {
    const std::uint64_t key = (std::uint64_t{user} << 32) | subreddit;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = core::mix64(key) & mask;; i = (i + 1) & mask) {
      Entry& entry = slots_[i];
      if (entry.key == key) return entry;
      if (entry.key == kEmpty) {
        if ((size_ + 1) * 10 > slots_.size() * 7) {
          grow();
          return at(user, subreddit);
        }
        ++size_;
        entry.key = key;
        return entry;
      }
    }
  }

  std::size_t size() const { return size_; }
  // Calls f(entry) for every pair, in table order.
  template <class F>
  void for_each(F&& f) const {
    for (const Entry& entry : slots_) {
      if (entry.key != kEmpty) f(entry);
    }
  }

 private:
  void grow() {
    std::vector<Entry> old = std::move(slots_);
    slots_.assign(old.size() * 2, Entry{});
    const std::size_t mask = slots_.size() - 1;
    for (const Entry& entry : old) {
      if (entry.key == kEmpty) continue;
      std::size_t i = core::mix64(entry.key) & mask;
      while (slots_[i].key != kEmpty) i = (i + 1) & mask;
      slots_[i] = entry;
    }
  }

  std::vector<Entry> slots_;
  std::size_t size_ = 0;
};

}  // namespace zipp::graph
