#include "graph/ingest/name_table.h"

#include <algorithm>
#include <cstring>

#include "core/check.h"
#include "core/random/hash.h"

namespace zipp::graph {
namespace {

constexpr std::size_t kInitialSlots = 1024;
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

}  // namespace

NameTable::NameTable() : slots_(kInitialSlots), mask_(kInitialSlots - 1) {}

std::uint64_t NameTable::hash(std::string_view name) {
  // Eight bytes at a time, each word folded in with a multiply; mix64 spreads the result.
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ name.size();
  const char* p = name.data();
  std::size_t left = name.size();
  while (left >= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    p += 8;
    left -= 8;
  }
  if (left > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, left);
    h = (h ^ word) * 0xc4ceb9fe1a85ec53ULL;
  }
  return core::mix64(h);
}

bool NameTable::matches(const Slot& slot, std::uint64_t hash, std::string_view name) const {
  if (slot.hash != hash || slot.size != name.size()) return false;
  if (name.size() <= kInline) {
    return name.empty() || std::memcmp(slot.prefix, name.data(), name.size()) == 0;
  }
  return names_[slot.id_plus_one - 1] == name;
}

std::pair<std::uint32_t, bool> NameTable::intern(std::string_view name) {
  const std::uint64_t h = hash(name);
  for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.id_plus_one == 0) {
      ZIPP_CHECK(names_.size() < UINT32_MAX, "more than 2^32 - 1 distinct names on one rank");
      ZIPP_CHECK(name.size() < UINT32_MAX, "a name of ", name.size(), " bytes");
      const auto id = static_cast<std::uint32_t>(names_.size());
      names_.push_back(store(name));
      slot.hash = h;
      slot.id_plus_one = id + 1;
      slot.size = static_cast<std::uint32_t>(name.size());
      if (!name.empty()) std::memcpy(slot.prefix, name.data(), std::min(name.size(), kInline));
      if (names_.size() * 10 > slots_.size() * 7) grow();
      return {id, true};
    }
    if (matches(slot, h, name)) return {slot.id_plus_one - 1, false};
  }
}

std::int64_t NameTable::find(std::string_view name) const {
  const std::uint64_t h = hash(name);
  for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.id_plus_one == 0) return -1;
    if (matches(slot, h, name)) return slot.id_plus_one - 1;
  }
}

std::string_view NameTable::store(std::string_view name) {
  if (name.size() > chunk_left_) {
    const std::size_t bytes = std::max(kChunkBytes, name.size());
    chunks_.push_back(std::make_unique<char[]>(bytes));
    chunk_next_ = chunks_.back().get();
    chunk_left_ = bytes;
  }
  if (!name.empty()) std::memcpy(chunk_next_, name.data(), name.size());
  const std::string_view stored(chunk_next_, name.size());
  chunk_next_ += name.size();
  chunk_left_ -= name.size();
  return stored;
}

void NameTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id_plus_one == 0) continue;
    std::size_t i = slot.hash & mask_;
    while (slots_[i].id_plus_one != 0) i = (i + 1) & mask_;
    slots_[i] = slot;
  }
}

}  // namespace zipp::graph
