// Demographics of synthetic users: three categorical codes drawn independently from skewed,
// Reddit-like marginals (docs/synthetic-world.md "Users" lists them). They are stored as int8
// codes in /truth/users; the label lists below (also stored as attributes there) give the
// meaning of each code, in code order.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/random/rng.h"

namespace zipp::graph::synth {

inline constexpr std::array<std::string_view, 6> kAgeBands = {"13-17", "18-24", "25-34",
                                                              "35-44", "45-54", "55+"};
inline constexpr std::array<double, 6> kAgeBandShares = {0.07, 0.35, 0.31, 0.15, 0.07, 0.05};

inline constexpr std::array<std::string_view, 3> kGenders = {"male", "female", "nonbinary"};
inline constexpr std::array<double, 3> kGenderShares = {0.62, 0.33, 0.05};
inline constexpr std::int8_t kMale = 0;
inline constexpr std::int8_t kFemale = 1;

inline constexpr std::array<std::string_view, 9> kRegions = {
    "united_states",  "united_kingdom", "canada", "australia",    "germany",
    "rest_of_europe", "latin_america",  "asia",   "rest_of_world"};
inline constexpr std::array<double, 9> kRegionShares = {0.48, 0.07, 0.07, 0.04, 0.04,
                                                        0.12, 0.06, 0.08, 0.04};

struct Demographics {
  std::int8_t age_band = 0;
  std::int8_t gender = 0;
  std::int8_t region = 0;
};

// An index drawn with the given shares (they sum to 1; the last index absorbs rounding).
template <std::size_t N>
std::int8_t draw_category(core::Rng& rng, const std::array<double, N>& shares) {
  double u = rng.uniform();
  for (std::size_t i = 0; i + 1 < N; ++i) {
    if (u < shares[i]) return static_cast<std::int8_t>(i);
    u -= shares[i];
  }
  return static_cast<std::int8_t>(N - 1);
}

inline Demographics draw_demographics(core::Rng& rng) {
  Demographics d;
  d.age_band = draw_category(rng, kAgeBandShares);
  d.gender = draw_category(rng, kGenderShares);
  d.region = draw_category(rng, kRegionShares);
  return d;
}

}  // namespace zipp::graph::synth
