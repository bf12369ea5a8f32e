// Every scheduler against closed-form behaviour on toy pixel-space models
// (tests/generation/toy_pipelines.h):
//  - with an oracle that predicts the exact noise (or v) of a known clean sample x_0, every
//    sampler lands on x_0, for each beta schedule, prediction type and timestep spacing;
//  - with the optimal denoiser of Gaussian data N(mu, s^2), the samples' mean and standard
//    deviation match the data's.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/full.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/str.h"
#include "generation/sample/sample_latents.h"
#include "generation/schedule/make_scheduler.h"
#include "generation/schedule/sigma_table.h"
#include "tests/generation/schedule/all_samplers.h"
#include "tests/generation/toy_pipelines.h"

namespace zipp::generation {
namespace {

using testing::GaussianPipeline;
using testing::OraclePipeline;

using testing::kAllSamplers;
using testing::Sampler;

NoiseScheduleSpec spec_for(BetaSchedule schedule, Prediction prediction) {
  NoiseScheduleSpec spec;
  spec.beta_schedule = schedule;
  spec.prediction = prediction;
  if (schedule == BetaSchedule::kLinear) {
    spec.beta_start = 1e-4;
    spec.beta_end = 0.02;
  }
  return spec;
}

// A clean sample [3, 4, 5] with values spread over [-1, 1].
at::Tensor clean_sample() { return (at::arange(60, at::kDouble).reshape({3, 4, 5}) * 0.73).sin(); }

TEST(Schedulers, OracleDenoiserRecoversTheCleanSample) {
  const at::Tensor x0 = clean_sample();
  std::vector<ImageRequest> requests = {{"a", "", 1}, {"b", "", 2}};
  for (auto schedule :
       {BetaSchedule::kLinear, BetaSchedule::kScaledLinear, BetaSchedule::kCosine}) {
    for (auto prediction : {Prediction::kEpsilon, Prediction::kV}) {
      for (auto spacing :
           {TimestepSpacing::kLeading, TimestepSpacing::kTrailing, TimestepSpacing::kLinspace}) {
        for (const Sampler& sampler : kAllSamplers) {
          for (const std::int64_t steps : {1, 7, 30}) {
            OraclePipeline pipeline(spec_for(schedule, prediction), x0, x0 * 0.0);
            SamplingOptions options;
            options.scheduler = sampler.kind;
            options.eta = sampler.eta;
            options.steps = steps;
            options.guidance = 1.0;
            options.spacing = spacing;
            const at::Tensor out = sample_latents(pipeline, requests, options);
            const double error = (out.to(at::kDouble) - x0.unsqueeze(0)).abs().max().item<double>();
            // The last step's estimate x - sigma eps is computed in float32: its roundoff grows
            // with the last sigma (2e4 for cosine's timestep 999, 15 at most otherwise).
            const double last_t =
                make_scheduler(sampler.kind, pipeline.noise_schedule(), steps, sampler.eta, spacing)
                    ->timestep(steps - 1);
            const double tolerance =
                1e-4 +
                2e-6 * SigmaTable(alphas_cumprod(pipeline.noise_schedule())).sigma_at(last_t);
            EXPECT_LT(error, tolerance) << sampler.label() << " " << beta_schedule_name(schedule)
                                        << " " << prediction_name(prediction) << " "
                                        << timestep_spacing_name(spacing) << " steps " << steps;
          }
        }
      }
    }
  }
}

// The moments of N samples' pixels, all independent.
struct Moments {
  double mean;
  double std;
};

Moments moments(const at::Tensor& x) {
  const at::Tensor d = x.to(at::kDouble);
  return {d.mean().item<double>(), d.std().item<double>()};
}

// Gaussian data N(mu, s^2), mu = s = 0.5. Samplers start from N(0, I) at the first visited
// timestep T, where the forward process's marginal is N(sqrt(a_T) mu, v_T), v_T = a_T s^2 + 1 -
// a_T; the probability-flow ODE maps that marginal affinely onto the data, so started from N(0, I)
// it ends at mean mu - s sqrt(a_T) mu / sqrt(v_T) and std s / sqrt(v_T) (a_T = alpha_bar_997 =
// 0.0048 for 250 leading steps: mean 0.4827, std 0.5009). The deterministic samplers are compared
// with these values. The ancestral samplers' reverse SDE forgets the start (their mean lands on mu)
// so their mean may lie anywhere between the ODE's and mu, and their std is compared with s.
//
// Tolerances: 256 requests x 192 pixels = 49152 independent values, so the standard error of the
// mean is s / sqrt(N) = 0.0023 and of the std s / sqrt(2N) = 0.0016; 5 standard errors are
// allowed, plus a discretisation allowance at 250 steps: the first-order samplers' std error is
// first order in the step (measured: DDIM = Euler 5.3% of s at 50 steps, 1.7% at 250; the
// ancestral ones 8.8% and 3.0%; DPM-Solver++(2M) 2.2% and 0.6%), so 4% of s for the first-order
// and ancestral samplers and 1.5% for DPM-Solver++. That the deviation is discretisation is
// checked too: every sampler's std error shrinks from 50 to 250 steps.
TEST(Schedulers, GaussianDataMomentsAreMatched) {
  const double mu = 0.5;
  const double s = 0.5;
  const std::int64_t count = 256;
  std::vector<ImageRequest> requests;
  for (std::int64_t i = 0; i < count; ++i) {
    requests.push_back({"x", "", static_cast<std::uint64_t>(1000 + i)});
  }
  for (auto prediction : {Prediction::kEpsilon, Prediction::kV}) {
    const NoiseScheduleSpec spec = spec_for(BetaSchedule::kScaledLinear, prediction);
    for (const Sampler& sampler : kAllSamplers) {
      const bool ancestral = sampler.kind == SchedulerKind::kEulerAncestral || sampler.eta > 0.0;
      const std::string label = sampler.label() + " " + std::string(prediction_name(prediction));
      double coarse_std_error = 0.0;
      for (const std::int64_t steps : {50, 250}) {
        GaussianPipeline pipeline(spec, mu, s, mu, 8, 8);
        SamplingOptions options;
        options.scheduler = sampler.kind;
        options.eta = sampler.eta;
        options.steps = steps;
        options.guidance = 1.0;
        const at::Tensor out = sample_latents(pipeline, requests, options);
        const double n = static_cast<double>(out.numel());
        const double first = make_scheduler(sampler.kind, spec, steps, sampler.eta)->timestep(0);
        const double a_t = alphas_cumprod(spec)[static_cast<std::int64_t>(first)].item<double>();
        const double v_t = a_t * s * s + 1.0 - a_t;
        const double ode_mean = mu - s * std::sqrt(a_t) * mu / std::sqrt(v_t);
        const double expected_std = ancestral ? s : s / std::sqrt(v_t);
        const Moments m = moments(out);
        std::printf(
            "  %-22s %3ld steps: mean %.5f (ODE %.5f, data %.5f), std %.5f (expected %.5f)\n",
            label.c_str(), static_cast<long>(steps), m.mean, ode_mean, mu, m.std, expected_std);
        const double std_error = std::abs(m.std - expected_std);
        if (steps == 50) {
          coarse_std_error = std_error;
          continue;
        }
        EXPECT_LT(std_error, coarse_std_error) << label;
        const double allowance = sampler.kind == SchedulerKind::kDpmSolverPp2m ? 0.015 : 0.04;
        const double mean_tol = 5.0 * s / std::sqrt(n) + 0.01 * s;
        const double std_tol = 5.0 * s / std::sqrt(2.0 * n) + allowance * s;
        if (ancestral) {
          EXPECT_GT(m.mean, ode_mean - mean_tol) << label;
          EXPECT_LT(m.mean, mu + mean_tol) << label;
        } else {
          EXPECT_NEAR(m.mean, ode_mean, mean_tol) << label;
        }
        EXPECT_NEAR(m.std, expected_std, std_tol) << label;
      }
    }
  }
}

TEST(Schedulers, StepsMustComeInOrder) {
  auto scheduler = make_scheduler(SchedulerKind::kDpmSolverPp2m, NoiseScheduleSpec{}, 5, 0.0);
  const at::Tensor x = at::zeros({1, 3, 2, 2});
  const NoiseDraw no_noise = [] { return at::Tensor(); };
  EXPECT_THROW(scheduler->step(x, 1, x, no_noise), core::InternalError);
  scheduler->step(x, 0, x, no_noise);
  EXPECT_THROW(scheduler->step(x, 0, x, no_noise), core::InternalError);
}

TEST(Schedulers, InitialNoiseAndInputScaling) {
  const NoiseScheduleSpec spec;
  const double a_981 = alphas_cumprod(spec)[981].item<double>();
  const double sigma_max = std::sqrt((1.0 - a_981) / a_981);
  auto ddim = make_scheduler(SchedulerKind::kDdim, spec, 50, 0.0);
  EXPECT_EQ(ddim->init_noise_sigma(), 1.0);
  EXPECT_EQ(ddim->timestep(0), 981.0);
  for (auto kind :
       {SchedulerKind::kEuler, SchedulerKind::kEulerAncestral, SchedulerKind::kDpmSolverPp2m}) {
    auto sampler = make_scheduler(kind, spec, 50, 0.0);
    EXPECT_NEAR(sampler->init_noise_sigma(), std::sqrt(sigma_max * sigma_max + 1.0), 1e-9);
    EXPECT_NEAR(sampler->timestep(0), 981.0, 1e-9);
    EXPECT_NEAR(sampler->timestep(49), 1.0, 1e-9);
    const at::Tensor x = at::full({1, 1, 1, 1}, 2.0);
    EXPECT_NEAR(sampler->scale_model_input(x, 0).item<double>(),
                2.0 / std::sqrt(sigma_max * sigma_max + 1.0), 1e-6);
  }
}

TEST(Schedulers, BadOptionsAreConfigErrors) {
  try {
    make_scheduler(SchedulerKind::kDdim, NoiseScheduleSpec{}, 10, -0.5);
    FAIL() << "expected a ConfigError";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("eta"), std::string::npos) << e.what();
  }
  for (auto kind : {SchedulerKind::kDdim, SchedulerKind::kEuler, SchedulerKind::kEulerAncestral,
                    SchedulerKind::kDpmSolverPp2m}) {
    EXPECT_THROW(make_scheduler(kind, NoiseScheduleSpec{}, 0, 0.0), core::ConfigError);
  }
}

}  // namespace
}  // namespace zipp::generation
