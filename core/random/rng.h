// A small, fast, deterministic random generator (xoshiro256**) whose streams are keyed by a seed
// and any number of integers: Rng(seed, {epoch, rank, step}) gives the same numbers on every
// machine, so generators and samplers can be split across ranks and threads without sharing
// state and still reproduce a run exactly. Also a UniformRandomBitGenerator for <random>, though
// the members below are preferred because libstdc++'s distributions are not portable.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <numbers>

#include "core/random/hash.h"

namespace zipp::core {

class Rng {
  __extension__ typedef unsigned __int128 Wide;  // GCC and Clang; -Wpedantic knows it by this

 public:
  using result_type = std::uint64_t;

  explicit Rng(std::uint64_t seed, std::initializer_list<std::uint64_t> stream = {}) {
    std::uint64_t h = seed;
    for (std::uint64_t k : stream) h = mix64(h ^ mix64(k + 0x632be59bd9b4e019ULL));
    for (std::uint64_t& word : state_) {
      h += 0x9e3779b97f4a7c15ULL;
      word = mix64(h);
    }
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return next(); }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Uniform in [0, n) without modulo bias (Lemire's method); n > 0.
  std::uint64_t below(std::uint64_t n) {
    Wide m = static_cast<Wide>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = -n % n;
      while (low < threshold) {
        m = static_cast<Wide>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  bool bernoulli(double p) { return uniform() < p; }

  // Standard normal (Box-Muller; one of the pair is dropped to keep the state simple).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  // Exponential with rate 1, and Gamma(shape, 1) (Marsaglia-Tsang), for Dirichlet draws.
  double exponential() { return -std::log(1.0 - uniform()); }
  double gamma(double shape) {
    if (shape < 1.0) return gamma(shape + 1.0) * std::pow(1.0 - uniform(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x = 0;
      double v = 0;
      do {
        x = normal();
        v = 1.0 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const double u = 1.0 - uniform();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace zipp::core
