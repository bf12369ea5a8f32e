// Pixel-space pipelines with closed-form denoisers for the scheduler and sampling tests
// (docs/generation.md "Schedulers"): no network, no text encoder. Every denoiser is elementwise,
// so a row's output never depends on the other rows of its batch.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/full_like.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/where.h>

#include "generation/pipeline/pipeline.h"
#include "generation/schedule/noise_schedule.h"
#include "generation/schedule/sigma_table.h"

namespace zipp::generation::testing {

// alpha_bar at a (possibly fractional) timestep, through the log-sigma interpolation the
// sigma-space samplers use; at integer timesteps it is alphas_cumprod itself.
inline double alpha_bar_at(const SigmaTable& table, double t) {
  const double sigma = table.sigma_at(t);
  return 1.0 / (1.0 + sigma * sigma);
}

// The base of the toy pipelines: 3 channels of height x width pixels, decode = identity. The
// conditioning of a prompt is one number: 0 for the empty prompt, 1 otherwise. It asks for no x_0
// clipping unless a test sets a range (set_clip_sample_range).
class ToyPipeline : public Pipeline {
 public:
  ToyPipeline(NoiseScheduleSpec spec, std::int64_t height, std::int64_t width)
      : spec_(spec), table_(alphas_cumprod(spec)), height_(height), width_(width) {}

  std::string name() const override { return "toy"; }
  NoiseScheduleSpec noise_schedule() const override { return spec_; }
  std::int64_t default_height() const override { return height_; }
  std::int64_t default_width() const override { return width_; }
  LatentShape latent_shape(std::int64_t height, std::int64_t width) const override {
    return {3, height, width};
  }
  at::Tensor encode_prompts(const std::vector<std::string>& prompts) override {
    std::vector<float> values;
    for (const std::string& p : prompts) values.push_back(p.empty() ? 0.0f : 1.0f);
    return at::tensor(values).reshape({static_cast<std::int64_t>(prompts.size()), 1});
  }
  at::Tensor decode(const at::Tensor& samples) override { return samples; }
  c10::Device device() const override { return c10::Device(c10::kCPU); }
  std::optional<double> clip_sample_range() const override { return clip_sample_range_; }
  void set_clip_sample_range(std::optional<double> range) { clip_sample_range_ = range; }

  // The batch sizes denoise was called with, in order.
  const std::vector<std::int64_t>& denoise_batches() const { return batches_; }

  at::Tensor denoise(const at::Tensor& samples, const at::Tensor& timesteps,
                     const at::Tensor& conditioning) override {
    batches_.push_back(samples.size(0));
    std::vector<double> alpha_bars;
    for (std::int64_t b = 0; b < samples.size(0); ++b) {
      alpha_bars.push_back(alpha_bar_at(table_, timesteps[b].item<double>()));
    }
    // [B, 1, 1, 1] so that every row has its own alpha_bar.
    const at::Tensor a = at::tensor(alpha_bars, at::kDouble).reshape({-1, 1, 1, 1});
    const at::Tensor x = samples.to(at::kDouble);
    const at::Tensor cond = conditioning.to(at::kDouble).reshape({-1, 1, 1, 1});
    const at::Tensor clean = clean_estimate(x, a, cond);
    // The noise and v whose x_0 estimate is `clean` at x_t = x.
    const at::Tensor eps = (x - clean * a.sqrt()) / (1.0 - a).sqrt();
    if (spec_.prediction == Prediction::kEpsilon) return eps.to(at::kFloat);
    return (eps * a.sqrt() - clean * (1.0 - a).sqrt()).to(at::kFloat);
  }

 protected:
  // E[x_0 | x_t = x] (float64 [B, 3, h, w]) for rows with alpha_bar a and conditioning cond (both
  // [B, 1, 1, 1]).
  virtual at::Tensor clean_estimate(const at::Tensor& x, const at::Tensor& a,
                                    const at::Tensor& cond) = 0;

 private:
  NoiseScheduleSpec spec_;
  SigmaTable table_;
  std::int64_t height_;
  std::int64_t width_;
  std::vector<std::int64_t> batches_;
  std::optional<double> clip_sample_range_;
};

// An oracle for one known clean sample per conditioning value: x_0 = clean_uncond for the empty
// prompt, clean_cond otherwise ([3, h, w], float64). Its noise (or v) prediction is exact.
class OraclePipeline final : public ToyPipeline {
 public:
  OraclePipeline(NoiseScheduleSpec spec, at::Tensor clean_cond, at::Tensor clean_uncond)
      : ToyPipeline(spec, clean_cond.size(1), clean_cond.size(2)),
        cond_(clean_cond.to(at::kDouble)),
        uncond_(clean_uncond.to(at::kDouble)) {}

 protected:
  at::Tensor clean_estimate(const at::Tensor& x, const at::Tensor&,
                            const at::Tensor& cond) override {
    return at::where(cond == 0.0, uncond_, cond_).expand_as(x);
  }

 private:
  at::Tensor cond_;
  at::Tensor uncond_;
};

// The optimal denoiser for data whose every pixel is independent N(mu, s^2):
//   E[x_0 | x_t] = mu + sqrt(a) s^2 / (a s^2 + 1 - a) (x_t - sqrt(a) mu).
// The empty prompt's data have mean mu_uncond instead.
class GaussianPipeline final : public ToyPipeline {
 public:
  GaussianPipeline(NoiseScheduleSpec spec, double mu, double s, double mu_uncond,
                   std::int64_t height, std::int64_t width)
      : ToyPipeline(spec, height, width), mu_(mu), s_(s), mu_uncond_(mu_uncond) {}

 protected:
  at::Tensor clean_estimate(const at::Tensor& x, const at::Tensor& a,
                            const at::Tensor& cond) override {
    const at::Tensor mu =
        at::where(cond == 0.0, at::full_like(cond, mu_uncond_), at::full_like(cond, mu_));
    const at::Tensor gain = a.sqrt() * (s_ * s_) / (a * (s_ * s_) + (1.0 - a));
    return (x - a.sqrt() * mu) * gain + mu;
  }

 private:
  double mu_;
  double s_;
  double mu_uncond_;
};

}  // namespace zipp::generation::testing
