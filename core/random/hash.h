// Stable 64-bit hashing for anything that must come out the same on every machine and every run:
// text features of the builtin embedder, the rank that owns a user name, per-(seed, key) random
// streams. std::hash promises none of that.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace zipp::core {

// The SplitMix64 finaliser: a bijection on 64-bit values that spreads every input bit.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Combines keys in order: hash_keys({a, b}) != hash_keys({b, a}).
constexpr std::uint64_t hash_keys(std::initializer_list<std::uint64_t> keys) {
  std::uint64_t h = 0x6a09e667f3bcc909ULL;
  for (std::uint64_t k : keys) h = mix64(h ^ mix64(k));
  return h;
}

// FNV-1a over the bytes, then mixed: fast for short strings and stable everywhere.
constexpr std::uint64_t hash_text(std::string_view text, std::uint64_t seed = 0) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ mix64(seed);
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix64(h);
}

}  // namespace zipp::core
