// Noise schedules, timestep spacing and the sigma table against hand-computed values; bad names
// and values give ConfigErrors naming the key.
#include "generation/schedule/noise_schedule.h"

#include <string>

#include <gtest/gtest.h>

#include "core/error.h"
#include "generation/schedule/scheduler_kind.h"
#include "generation/schedule/sigma_table.h"
#include "generation/schedule/timestep_spacing.h"

namespace zipp::generation {
namespace {

std::vector<double> values(const at::Tensor& t) {
  EXPECT_EQ(t.scalar_type(), at::kDouble);
  return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
}

TEST(AlphasCumprod, LinearSmallCase) {
  // betas 0.1, 0.2, 0.3: alpha_bar = 0.9, 0.9 * 0.8, 0.9 * 0.8 * 0.7.
  NoiseScheduleSpec spec{BetaSchedule::kLinear, 0.1, 0.3, 3, Prediction::kEpsilon};
  const auto a = values(alphas_cumprod(spec));
  ASSERT_EQ(a.size(), 3u);
  EXPECT_NEAR(a[0], 0.9, 1e-15);
  EXPECT_NEAR(a[1], 0.72, 1e-15);
  EXPECT_NEAR(a[2], 0.504, 1e-15);
}

TEST(AlphasCumprod, ScaledLinearSmallCase) {
  // sqrt(betas) 0.1, 0.2, 0.3: betas 0.01, 0.04, 0.09.
  NoiseScheduleSpec spec{BetaSchedule::kScaledLinear, 0.01, 0.09, 3, Prediction::kEpsilon};
  const auto a = values(alphas_cumprod(spec));
  ASSERT_EQ(a.size(), 3u);
  EXPECT_NEAR(a[0], 0.99, 1e-15);
  EXPECT_NEAR(a[1], 0.99 * 0.96, 1e-15);
  EXPECT_NEAR(a[2], 0.99 * 0.96 * 0.91, 1e-15);
}

TEST(AlphasCumprod, CosineSmallCase) {
  // T = 2: beta_0 = 1 - f(1/2) / f(0) with f(t) = cos((t + 0.008) / 1.008 pi / 2)^2, and beta_1
  // = 1 - f(1) / f(1/2) = 1 clipped to 0.999 (values from Python's math module).
  NoiseScheduleSpec spec{BetaSchedule::kCosine, 0.0, 0.0, 2, Prediction::kEpsilon};
  const auto a = values(alphas_cumprod(spec));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_NEAR(a[0], 0.49384359044063775, 1e-14);
  EXPECT_NEAR(a[1], 0.0004938435904406382, 1e-16);
}

TEST(AlphasCumprod, StableDiffusionDefaults) {
  // scaled_linear 0.00085 .. 0.012 over 1000 steps (Python, float64); diffusers' float32
  // computation gives alpha_bar_999 = 0.0047 to two figures.
  const auto a = values(alphas_cumprod(NoiseScheduleSpec{}));
  ASSERT_EQ(a.size(), 1000u);
  EXPECT_NEAR(a[0], 0.99915, 1e-15);
  EXPECT_NEAR(a[500], 0.2763326838229746, 1e-13);
  EXPECT_NEAR(a[999], 0.004660098513077234, 1e-15);
  for (std::size_t i = 1; i < a.size(); ++i) ASSERT_LT(a[i], a[i - 1]) << i;
}

TEST(AlphasCumprod, DdpmLinear) {
  NoiseScheduleSpec spec{BetaSchedule::kLinear, 1e-4, 0.02, 1000, Prediction::kEpsilon};
  const auto a = values(alphas_cumprod(spec));
  EXPECT_NEAR(a[500], 0.07779665836502386, 1e-13);
  EXPECT_NEAR(a[999], 4.0358297653756754e-05, 1e-16);
}

TEST(AlphasCumprod, BadSpecsAreConfigErrors) {
  NoiseScheduleSpec spec;
  spec.train_timesteps = 0;
  EXPECT_THROW(alphas_cumprod(spec), core::ConfigError);
  spec = NoiseScheduleSpec{};
  spec.beta_end = 1.5;
  try {
    alphas_cumprod(spec);
    FAIL() << "expected a ConfigError";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("beta_end"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("1.5"), std::string::npos) << e.what();
  }
  spec = NoiseScheduleSpec{};
  spec.beta_start = 0.0;
  EXPECT_THROW(alphas_cumprod(spec), core::ConfigError);
}

// Runs `parse` on a bad value and checks the ConfigError names the key, the value and a choice.
template <typename Parse>
void expect_names_key(Parse parse, const std::string& choice) {
  try {
    parse("bogus", "generation.some_key");
    FAIL() << "expected a ConfigError";
  } catch (const core::ConfigError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("generation.some_key"), std::string::npos) << m;
    EXPECT_NE(m.find("bogus"), std::string::npos) << m;
    EXPECT_NE(m.find(choice), std::string::npos) << m;
  }
}

TEST(Names, RoundTripAndErrors) {
  for (auto s : {BetaSchedule::kLinear, BetaSchedule::kScaledLinear, BetaSchedule::kCosine}) {
    EXPECT_EQ(parse_beta_schedule(beta_schedule_name(s), "k"), s);
  }
  for (auto p : {Prediction::kEpsilon, Prediction::kV}) {
    EXPECT_EQ(parse_prediction(prediction_name(p), "k"), p);
  }
  for (auto t :
       {TimestepSpacing::kLeading, TimestepSpacing::kTrailing, TimestepSpacing::kLinspace}) {
    EXPECT_EQ(parse_timestep_spacing(timestep_spacing_name(t), "k"), t);
  }
  EXPECT_EQ(parse_prediction("v_prediction", "k"), Prediction::kV);
  expect_names_key(parse_beta_schedule, "scaled_linear");
  expect_names_key(parse_prediction, "v_prediction");
  expect_names_key(parse_timestep_spacing, "trailing");
  expect_names_key(parse_scheduler_kind, "dpmpp_2m");
}

TEST(TimestepSpacing, Leading) {
  const auto t = inference_timesteps(TimestepSpacing::kLeading, 1000, 50, TimestepRounding::kRound);
  ASSERT_EQ(t.size(), 50u);
  EXPECT_EQ(t.front(), 981.0);
  EXPECT_EQ(t[1], 961.0);
  EXPECT_EQ(t.back(), 1.0);
  // 1000 // 3 = 333: 667, 334, 1.
  EXPECT_EQ(inference_timesteps(TimestepSpacing::kLeading, 1000, 3, TimestepRounding::kRound),
            (std::vector<double>{667, 334, 1}));
}

TEST(TimestepSpacing, Trailing) {
  const auto t =
      inference_timesteps(TimestepSpacing::kTrailing, 1000, 50, TimestepRounding::kRound);
  EXPECT_EQ(t.front(), 999.0);
  EXPECT_EQ(t[1], 979.0);
  EXPECT_EQ(t.back(), 19.0);
  // round(arange(1000, 0, -333.33)) - 1 = 999, 666, 332 (666.67 -> 667, 333.33 -> 333).
  EXPECT_EQ(inference_timesteps(TimestepSpacing::kTrailing, 1000, 3, TimestepRounding::kRound),
            (std::vector<double>{999, 666, 332}));
}

TEST(TimestepSpacing, Linspace) {
  EXPECT_EQ(inference_timesteps(TimestepSpacing::kLinspace, 10, 4, TimestepRounding::kRound),
            (std::vector<double>{9, 6, 3, 0}));
  const auto f =
      inference_timesteps(TimestepSpacing::kLinspace, 11, 4, TimestepRounding::kFractional);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_DOUBLE_EQ(f[1], 20.0 / 3.0);
  EXPECT_DOUBLE_EQ(f[2], 10.0 / 3.0);
  EXPECT_EQ(inference_timesteps(TimestepSpacing::kLinspace, 11, 4, TimestepRounding::kRound),
            (std::vector<double>{10, 7, 3, 0}));
}

TEST(TimestepSpacing, BadStepCountsAreConfigErrors) {
  for (std::int64_t steps : {0, -1, 1001}) {
    try {
      inference_timesteps(TimestepSpacing::kTrailing, 1000, steps, TimestepRounding::kRound);
      FAIL() << "expected a ConfigError for " << steps;
    } catch (const core::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("steps"), std::string::npos) << e.what();
    }
  }
  // Leading spacing's offset of 1 would step past timestep 999.
  EXPECT_THROW(inference_timesteps(TimestepSpacing::kLeading, 1000, 1000, TimestepRounding::kRound),
               core::ConfigError);
  EXPECT_EQ(
      inference_timesteps(TimestepSpacing::kTrailing, 1000, 1000, TimestepRounding::kRound).back(),
      0.0);
}

TEST(SigmaTable, SigmasAndTheirTimesteps) {
  const at::Tensor a = alphas_cumprod(NoiseScheduleSpec{});
  const SigmaTable table(a);
  for (const std::int64_t t : {0, 1, 500, 999}) {
    const double abar = a[t].item<double>();
    EXPECT_NEAR(table.sigma_at(static_cast<double>(t)), std::sqrt((1 - abar) / abar), 1e-12);
  }
  // Log-linear between timesteps.
  const double mid = table.sigma_at(10.25);
  EXPECT_NEAR(std::log(mid),
              0.75 * std::log(table.sigma_at(10)) + 0.25 * std::log(table.sigma_at(11)), 1e-12);
  for (const double t : {0.0, 0.5, 17.25, 500.0, 998.9, 999.0}) {
    EXPECT_NEAR(table.timestep_at(table.sigma_at(t)), t, 1e-9) << t;
  }
  // Outside the table the timestep is clamped.
  EXPECT_EQ(table.timestep_at(1e-6), 0.0);
  EXPECT_EQ(table.timestep_at(1e6), 999.0);
}

}  // namespace
}  // namespace zipp::generation
