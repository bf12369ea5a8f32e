#include "generation/schedule/noise_schedule.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <utility>
#include <vector>

#include <ATen/ops/from_blob.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

constexpr std::array<std::pair<std::string_view, BetaSchedule>, 3> kSchedules = {{
    {"linear", BetaSchedule::kLinear},
    {"scaled_linear", BetaSchedule::kScaledLinear},
    {"cosine", BetaSchedule::kCosine},
}};

constexpr std::array<std::pair<std::string_view, Prediction>, 2> kPredictions = {{
    {"epsilon", Prediction::kEpsilon},
    {"v_prediction", Prediction::kV},
}};

// Nichol & Dhariwal's alpha_bar(t) for t in [0, 1], with diffusers' offset s = 0.008.
double cosine_alpha_bar(double t) {
  const double c = std::cos((t + 0.008) / 1.008 * std::numbers::pi / 2.0);
  return c * c;
}

void check_beta(double beta, const char* name) {
  if (!(beta > 0.0 && beta < 1.0)) {
    throw core::ConfigError(
        core::str("noise schedule: ", name, " must lie in (0, 1), found ", beta));
  }
}

// Betas as diffusers defines them (in float64 here, where diffusers uses float32).
std::vector<double> betas(const NoiseScheduleSpec& spec) {
  const std::int64_t n = spec.train_timesteps;
  std::vector<double> out(static_cast<std::size_t>(n));
  // linspace(a, b, n)[i] = a + (b - a) * i / (n - 1); a single step takes a.
  const auto lerp = [n](double a, double b, std::int64_t i) {
    return n == 1 ? a : a + (b - a) * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  for (std::int64_t i = 0; i < n; ++i) {
    double beta = 0.0;
    switch (spec.beta_schedule) {
      case BetaSchedule::kLinear:
        beta = lerp(spec.beta_start, spec.beta_end, i);
        break;
      case BetaSchedule::kScaledLinear: {
        const double root = lerp(std::sqrt(spec.beta_start), std::sqrt(spec.beta_end), i);
        beta = root * root;
        break;
      }
      case BetaSchedule::kCosine: {
        const double t0 = static_cast<double>(i) / static_cast<double>(n);
        const double t1 = static_cast<double>(i + 1) / static_cast<double>(n);
        beta = std::min(1.0 - cosine_alpha_bar(t1) / cosine_alpha_bar(t0), 0.999);
        break;
      }
    }
    out[static_cast<std::size_t>(i)] = beta;
  }
  return out;
}

}  // namespace

BetaSchedule parse_beta_schedule(std::string_view text, std::string_view key) {
  for (const auto& [name, schedule] : kSchedules) {
    if (name == text) return schedule;
  }
  throw core::ConfigError(core::str("key '", key,
                                    "': expected a beta schedule (linear, scaled_linear or "
                                    "cosine), found '",
                                    text, "'"));
}

std::string_view beta_schedule_name(BetaSchedule schedule) {
  for (const auto& [name, s] : kSchedules) {
    if (s == schedule) return name;
  }
  return "unknown";
}

Prediction parse_prediction(std::string_view text, std::string_view key) {
  for (const auto& [name, prediction] : kPredictions) {
    if (name == text) return prediction;
  }
  throw core::ConfigError(core::str(
      "key '", key, "': expected a prediction type (epsilon or v_prediction), found '", text, "'"));
}

std::string_view prediction_name(Prediction prediction) {
  for (const auto& [name, p] : kPredictions) {
    if (p == prediction) return name;
  }
  return "unknown";
}

at::Tensor alphas_cumprod(const NoiseScheduleSpec& spec) {
  if (spec.train_timesteps <= 0) {
    throw core::ConfigError(core::str("noise schedule: train_timesteps must be positive, found ",
                                      spec.train_timesteps));
  }
  if (spec.beta_schedule != BetaSchedule::kCosine) {
    check_beta(spec.beta_start, "beta_start");
    check_beta(spec.beta_end, "beta_end");
  }
  std::vector<double> values = betas(spec);
  double product = 1.0;
  for (double& v : values) {
    product *= 1.0 - v;
    v = product;
  }
  return at::from_blob(values.data(), {static_cast<std::int64_t>(values.size())}, at::kDouble)
      .clone();
}

}  // namespace zipp::generation
