#include "generation/builtin/tiny_pipeline.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation::builtin {

TinyPipeline::TinyPipeline(LoadedTinyWeights weights, c10::Device device)
    : weights_(std::move(weights)),
      vocabulary_(WordVocabulary::from_tokens(weights_.meta.vocabulary, kTinyMetaFile)),
      device_(device) {}

std::string TinyPipeline::name() const {
  return "builtin-tiny/" + weights_.meta.weights_digest.substr(0, 12);
}

LatentShape TinyPipeline::latent_shape(std::int64_t height, std::int64_t width) const {
  if (height < 4 || width < 4 || height % 4 != 0 || width % 4 != 0) {
    throw core::ConfigError(core::str("builtin tiny model: image size ", height, "x", width,
                                      " must be positive multiples of 4 (trained at ",
                                      weights_.meta.image_size, "x", weights_.meta.image_size,
                                      ")"));
  }
  return {3, height, width};
}

at::Tensor TinyPipeline::encode_prompts(const std::vector<std::string>& prompts) {
  at::NoGradGuard no_grad;
  const at::Tensor ids =
      vocabulary_.encode(prompts, weights_.meta.architecture.max_tokens).to(device_);
  return weights_.model->text->forward(ids);
}

at::Tensor TinyPipeline::denoise(const at::Tensor& samples, const at::Tensor& timesteps,
                                 const at::Tensor& conditioning) {
  at::NoGradGuard no_grad;
  return weights_.model->unet->forward(samples.to(at::kFloat), timesteps.to(at::kFloat),
                                       conditioning);
}

at::Tensor TinyPipeline::decode(const at::Tensor& samples) {
  return ((samples.to(at::kFloat) + 1.0) * 0.5).clamp(0.0, 1.0);
}

}  // namespace zipp::generation::builtin

namespace zipp::generation {

std::unique_ptr<Pipeline> load_tiny_pipeline(const std::filesystem::path& weights_dir,
                                             c10::Device device) {
  return std::make_unique<builtin::TinyPipeline>(builtin::load_tiny_weights(weights_dir, device),
                                                 device);
}

}  // namespace zipp::generation
