// Which of the training timesteps a sampler with a given number of steps visits
// (docs/generation.md "Schedulers"), with diffusers' names and rules:
//   leading  (Stable Diffusion's default): k * (T / N) + 1 for k = N-1 .. 0, integer division;
//   trailing: round(T - k T / N) - 1 for k = 0 .. N-1, so the first step is at T - 1;
//   linspace: N points evenly spaced from T - 1 down to 0 (rounded for DDIM, fractional for the
//             sigma-space samplers, as diffusers' DDIM and Euler schedulers do).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace zipp::generation {

enum class TimestepSpacing { kLeading, kTrailing, kLinspace };

// Whether linspace keeps its fractional timesteps or rounds them.
enum class TimestepRounding { kRound, kFractional };

// "leading", "trailing", "linspace"; ConfigError naming `key`, the value and the choices.
TimestepSpacing parse_timestep_spacing(std::string_view text, std::string_view key);
std::string_view timestep_spacing_name(TimestepSpacing spacing);

// The N = `steps` timesteps in the order a sampler visits them (descending). ConfigError when
// steps is not in [1, train_timesteps] or, for leading spacing, when the offset of 1 would step
// past the last training timestep (steps == train_timesteps).
std::vector<double> inference_timesteps(TimestepSpacing spacing, std::int64_t train_timesteps,
                                        std::int64_t steps, TimestepRounding rounding);

}  // namespace zipp::generation
