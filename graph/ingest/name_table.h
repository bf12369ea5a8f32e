// Interned names for per-rank aggregation: every distinct user or subreddit name gets a dense id
// (0, 1, 2, ... in first-seen order) so counts are keyed by small integers instead of strings.
// An open-addressing table over names copied once into large chunks; a lookup hashes the name
// and compares bytes only on a full hash match, short names within the slot itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace zipp::graph {

class NameTable {
 public:
  NameTable();

  // The id of `name`, added when new; second is true when it was added.
  std::pair<std::uint32_t, bool> intern(std::string_view name);
  // The id of `name`, or -1 when absent.
  std::int64_t find(std::string_view name) const;
  // Valid as long as the table lives.
  std::string_view name(std::uint32_t id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

  // The hash used by the table (fast, not stable across builds: never use it to pick ranks).
  static std::uint64_t hash(std::string_view name);

 private:
  // Half a cache line; names up to kInline bytes are compared without leaving the slot (most
  // Reddit user and subreddit names are that short).
  static constexpr std::size_t kInline = 16;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id_plus_one = 0;  // 0: empty
    std::uint32_t size = 0;
    char prefix[kInline] = {};
  };
  bool matches(const Slot& slot, std::uint64_t hash, std::string_view name) const;
  std::string_view store(std::string_view name);
  void grow();

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<std::string_view> names_;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t chunk_left_ = 0;
  char* chunk_next_ = nullptr;
};

}  // namespace zipp::graph
