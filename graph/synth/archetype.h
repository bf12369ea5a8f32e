// The latent taste archetypes of the synthetic world (docs/synthetic-world.md): each a cluster of
// interests with its own vocabulary and a visual aesthetic. Subreddits belong to one archetype
// (or to none: hubs), users mix one to three, and later stages read the table back from
// graph.h5's /truth group: persona verbalization maps subreddits to interests, the builtin
// diffusion model renders the style words, ZIPBench-synth scores images against the aesthetic.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zipp::graph::synth {

// The axes of an aesthetic profile, each in [0, 1]: the colour temperature of the palette (0 cool,
// 1 warm), saturation, brightness, contrast, film grain or noise, and softness (0 crisp, 1 soft).
inline constexpr std::size_t kAestheticDims = 6;
inline constexpr std::array<std::string_view, kAestheticDims> kAestheticAxes = {
    "warmth", "saturation", "brightness", "contrast", "grain", "softness"};
using Aesthetic = std::array<float, kAestheticDims>;

struct Archetype {
  std::string name;   // "film_photography": an identifier
  std::string label;  // "film photography": for text
  // Relative share of users who hold the archetype, before the demographic tilts below.
  double prevalence = 1.0;
  // Tilts of the choice by demographics (docs/synthetic-world.md "Users"): female users weigh the
  // archetype by female_lean and male users by 1 / female_lean; age band a by
  // exp(age_lean * (a - 2) / 2), so a positive lean favours older users.
  double female_lean = 1.0;
  double age_lean = 0.0;
  Aesthetic aesthetic{};
  std::vector<std::string> stems;      // CamelCase pieces of subreddit names: "Analog", "Film"
  std::vector<std::string> interests;  // topics: "medium format", "darkroom printing"
  std::vector<std::string> styles;     // prompt modifiers: "kodak portra tones", "light leaks"
  std::vector<std::string> subjects;   // what the archetype's images show
};

// The builtin table, at least 16 archetypes, in a fixed order.
std::span<const Archetype> builtin_archetypes();

// The archetypes a world uses: `names` (empty: the builtin order) then the first `count` of them
// (0: all). ConfigError for an unknown or repeated name, naming the nearest known one, or a count
// beyond the list.
std::vector<Archetype> select_archetypes(const std::vector<std::string>& names, std::int64_t count);

}  // namespace zipp::graph::synth
