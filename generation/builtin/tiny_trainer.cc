#include "generation/builtin/tiny_trainer.h"

#include <chrono>
#include <cmath>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/mse_loss.h>
#include <ATen/ops/randint.h>
#include <ATen/ops/randn.h>
#include <torch/optim/adamw.h>
#include <torch/utils.h>

#include "core/error.h"
#include "core/log.h"
#include "core/str.h"
#include "generation/builtin/tiny_model.h"
#include "generation/builtin/tiny_training_data.h"
#include "generation/builtin/tiny_weights.h"
#include "generation/builtin/word_vocabulary.h"
#include "generation/schedule/noise_schedule.h"

namespace zipp::generation::builtin {
namespace {

// The schedule the builtin model trains with: DDPM's linear betas over 1000 steps, epsilon.
NoiseScheduleSpec tiny_schedule() {
  NoiseScheduleSpec spec;
  spec.beta_schedule = BetaSchedule::kLinear;
  spec.beta_start = 0.0001;
  spec.beta_end = 0.02;
  spec.train_timesteps = 1000;
  spec.prediction = Prediction::kEpsilon;
  return spec;
}

void check(const TinyTrainOptions& o) {
  auto fail = [](const std::string& what) {
    throw core::ConfigError(core::str("tiny_diffusion: ", what));
  };
  if (o.steps < 1) fail(core::str("steps must be at least 1, found ", o.steps));
  if (o.batch < 1) fail(core::str("batch must be at least 1, found ", o.batch));
  if (!(o.lr > 0)) fail(core::str("lr must be positive, found ", o.lr));
  if (o.image_size < 8 || o.image_size % 4 != 0) {
    fail(core::str("image_size must be a multiple of 4 of at least 8, found ", o.image_size));
  }
  if (o.log_every < 1) fail(core::str("log_every must be at least 1, found ", o.log_every));
}

}  // namespace

TinyTrainResult train_tiny(const TinyTrainOptions& options) {
  check(options);
  const auto started = std::chrono::steady_clock::now();
  torch::manual_seed(options.seed);
  const TinyVocabularySource source = tiny_vocabulary_source(options.base_prompts);
  const WordVocabulary vocabulary = WordVocabulary::build(tiny_vocabulary_texts(source));
  TinyArchitecture architecture = options.architecture;
  architecture.vocabulary = vocabulary.size();

  TinyModel model(architecture);
  TinyModel ema(architecture);
  {
    at::NoGradGuard no_grad;
    const auto from = model->parameters();
    auto to = ema->parameters();
    for (std::size_t i = 0; i < from.size(); ++i) to[i].copy_(from[i]);
  }
  std::int64_t parameters = 0;
  for (const auto& p : model->parameters()) parameters += p.numel();
  ZIPP_LOG_INFO("train-tiny: ", parameters, " parameters, vocabulary ", vocabulary.size(),
                " words, ", source.subjects.size(), " subjects, ", options.steps, " steps of ",
                options.batch, " images of ", options.image_size, "px");

  const NoiseScheduleSpec schedule = tiny_schedule();
  const at::Tensor alpha_bar = alphas_cumprod(schedule).to(at::kFloat);
  const at::Tensor sqrt_ab = alpha_bar.sqrt();
  const at::Tensor sqrt_one_minus_ab = (1 - alpha_bar).sqrt();

  TinyExampleSampler sampler(source, options.seed, options.drop_prompt);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed ^ 0x6e6f697365ULL);
  torch::optim::AdamW optimizer(model->parameters(),
                                torch::optim::AdamWOptions(options.lr).weight_decay(1e-4));
  const std::int64_t warmup = std::min<std::int64_t>(100, options.steps / 10 + 1);

  double interval_loss = 0;
  std::int64_t interval_steps = 0;
  double final_loss = 0;
  auto interval_start = std::chrono::steady_clock::now();
  for (std::int64_t step = 0; step < options.steps; ++step) {
    const double progress = static_cast<double>(step) / static_cast<double>(options.steps);
    const double lr = step < warmup
                          ? options.lr * static_cast<double>(step + 1) / static_cast<double>(warmup)
                          : options.lr * (0.1 + 0.45 * (1 + std::cos(M_PI * progress)));
    for (auto& group : optimizer.param_groups()) {
      static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
    }
    const TinyBatch batch = sampler.next_batch(options.batch, options.image_size);
    const at::Tensor t =
        at::randint(schedule.train_timesteps, {options.batch}, generator, at::kLong);
    const at::Tensor noise = at::randn(batch.images.sizes(), generator, at::kFloat);
    const at::Tensor noisy = sqrt_ab.index_select(0, t).view({-1, 1, 1, 1}) * batch.images +
                             sqrt_one_minus_ab.index_select(0, t).view({-1, 1, 1, 1}) * noise;
    const at::Tensor ids = vocabulary.encode(batch.prompts, architecture.max_tokens);
    const at::Tensor conditioning = model->text->forward(ids);
    const at::Tensor predicted = model->unet->forward(noisy, t.to(at::kFloat), conditioning);
    const at::Tensor loss = at::mse_loss(predicted, noise);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    {
      at::NoGradGuard no_grad;
      const double decay = std::min(options.ema_decay, (1.0 + static_cast<double>(step)) /
                                                           (10.0 + static_cast<double>(step)));
      const auto from = model->parameters();
      auto to = ema->parameters();
      for (std::size_t i = 0; i < from.size(); ++i) to[i].mul_(decay).add_(from[i], 1 - decay);
    }
    interval_loss += loss.item<double>();
    ++interval_steps;
    if ((step + 1) % options.log_every == 0 || step + 1 == options.steps) {
      const auto now = std::chrono::steady_clock::now();
      const double seconds = std::chrono::duration<double>(now - interval_start).count();
      final_loss = interval_loss / static_cast<double>(interval_steps);
      ZIPP_LOG_INFO("train-tiny: step ", step + 1, "/", options.steps, " loss ", final_loss, " lr ",
                    lr, ", ",
                    static_cast<double>(interval_steps * options.batch) / std::max(seconds, 1e-9),
                    " images/s");
      interval_loss = 0;
      interval_steps = 0;
      interval_start = now;
    }
  }

  TinyTrainResult result;
  result.final_loss = final_loss;
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.images_per_s =
      static_cast<double>(options.steps * options.batch) / std::max(result.seconds, 1e-9);
  result.parameters = parameters;

  TinyWeightsMeta meta;
  meta.architecture = architecture;
  meta.vocabulary = vocabulary.tokens();
  meta.image_size = options.image_size;
  meta.schedule = schedule;
  meta.training = {options.command, options.steps,     options.batch,  options.lr,
                   options.seed,    result.final_loss, result.seconds, result.images_per_s};
  result.weights_digest = save_tiny_weights(options.output, meta, ema);
  ZIPP_LOG_INFO("train-tiny: wrote ", (options.output / kTinyWeightsFile).string(), " and ",
                (options.output / kTinyMetaFile).string(), " (final loss ", result.final_loss, ", ",
                result.seconds, " s, ", result.images_per_s, " images/s)");
  return result;
}

}  // namespace zipp::generation::builtin
