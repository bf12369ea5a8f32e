// The forward (noising) process a diffusion model was trained with (docs/generation.md
// "Schedulers"): a beta schedule over the training timesteps gives the cumulative products
// alpha_bar_t, and with them x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps. The model
// predicts eps or v = sqrt(alpha_bar_t) eps - sqrt(1 - alpha_bar_t) x_0. Trainers (the builtin
// tiny model) and samplers (generation/schedule schedulers) read the same numbers from here.
#pragma once

#include <cstdint>
#include <string_view>

#include <ATen/core/Tensor.h>

namespace zipp::generation {

// linear: betas evenly spaced from beta_start to beta_end (DDPM). scaled_linear: the square roots
// evenly spaced (Stable Diffusion). cosine: alpha_bar from the squared cosine of Nichol & Dhariwal
// (s = 0.008, betas clipped at 0.999); beta_start/end are not used.
enum class BetaSchedule { kLinear, kScaledLinear, kCosine };
enum class Prediction { kEpsilon, kV };

struct NoiseScheduleSpec {
  BetaSchedule beta_schedule = BetaSchedule::kScaledLinear;
  double beta_start = 0.00085;
  double beta_end = 0.012;
  std::int64_t train_timesteps = 1000;
  Prediction prediction = Prediction::kEpsilon;
};

// "linear", "scaled_linear", "cosine"; ConfigError naming `key`, the value and the choices.
BetaSchedule parse_beta_schedule(std::string_view text, std::string_view key);
std::string_view beta_schedule_name(BetaSchedule schedule);
// "epsilon", "v_prediction" (diffusers' names).
Prediction parse_prediction(std::string_view text, std::string_view key);
std::string_view prediction_name(Prediction prediction);

// alpha_bar_t for t = 0 .. train_timesteps - 1, float64 on the CPU. ConfigError for a
// non-positive timestep count or betas outside (0, 1).
at::Tensor alphas_cumprod(const NoiseScheduleSpec& spec);

}  // namespace zipp::generation
