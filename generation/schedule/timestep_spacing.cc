#include "generation/schedule/timestep_spacing.h"

#include <array>
#include <cmath>
#include <utility>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

constexpr std::array<std::pair<std::string_view, TimestepSpacing>, 3> kSpacings = {{
    {"leading", TimestepSpacing::kLeading},
    {"trailing", TimestepSpacing::kTrailing},
    {"linspace", TimestepSpacing::kLinspace},
}};

// Stable Diffusion's scheduler config sets steps_offset = 1 for leading spacing.
constexpr std::int64_t kLeadingOffset = 1;

}  // namespace

TimestepSpacing parse_timestep_spacing(std::string_view text, std::string_view key) {
  for (const auto& [name, spacing] : kSpacings) {
    if (name == text) return spacing;
  }
  throw core::ConfigError(core::str("key '", key,
                                    "': expected a timestep spacing (leading, trailing or "
                                    "linspace), found '",
                                    text, "'"));
}

std::string_view timestep_spacing_name(TimestepSpacing spacing) {
  for (const auto& [name, s] : kSpacings) {
    if (s == spacing) return name;
  }
  return "unknown";
}

std::vector<double> inference_timesteps(TimestepSpacing spacing, std::int64_t train_timesteps,
                                        std::int64_t steps, TimestepRounding rounding) {
  if (steps < 1 || steps > train_timesteps) {
    throw core::ConfigError(core::str("key 'steps': expected a step count in [1, ", train_timesteps,
                                      "] (the model's training timesteps), found ", steps));
  }
  const auto n = static_cast<std::size_t>(steps);
  const auto t_count = static_cast<double>(train_timesteps);
  std::vector<double> out(n);
  switch (spacing) {
    case TimestepSpacing::kLeading: {
      const std::int64_t ratio = train_timesteps / steps;
      if (ratio * (steps - 1) + kLeadingOffset > train_timesteps - 1) {
        throw core::ConfigError(core::str(
            "key 'steps': leading timestep spacing with ", steps, " steps would start at timestep ",
            ratio * (steps - 1) + kLeadingOffset, ", past the last training timestep ",
            train_timesteps - 1, "; use fewer steps or trailing spacing"));
      }
      for (std::size_t k = 0; k < n; ++k) {
        out[k] = static_cast<double>(static_cast<std::int64_t>(n - 1 - k) * ratio + kLeadingOffset);
      }
      break;
    }
    case TimestepSpacing::kTrailing: {
      const double ratio = t_count / static_cast<double>(steps);
      for (std::size_t k = 0; k < n; ++k) {
        out[k] = std::nearbyint(t_count - static_cast<double>(k) * ratio) - 1.0;
      }
      break;
    }
    case TimestepSpacing::kLinspace: {
      for (std::size_t k = 0; k < n; ++k) {
        // numpy's linspace(0, T - 1, N) reversed; one step is just 0.
        const double t =
            n == 1 ? 0.0
                   : (t_count - 1.0) * static_cast<double>(n - 1 - k) / static_cast<double>(n - 1);
        out[k] = rounding == TimestepRounding::kRound ? std::nearbyint(t) : t;
      }
      break;
    }
  }
  return out;
}

}  // namespace zipp::generation
