// The builtin tiny model behind the Pipeline interface (docs/generation.md "Builtin tiny model"):
// a word-level text encoder and a small pixel-space UNet trained by `zipp generation train-tiny`
// on procedurally rendered images; the samples are the pixels themselves in [-1, 1].
#pragma once

#include <filesystem>
#include <memory>

#include <c10/core/Device.h>

#include "generation/builtin/tiny_weights.h"
#include "generation/builtin/word_vocabulary.h"
#include "generation/pipeline/pipeline.h"

namespace zipp::generation::builtin {

class TinyPipeline : public Pipeline {
 public:
  TinyPipeline(LoadedTinyWeights weights, c10::Device device);

  // "builtin-tiny/<first 12 hex digits of the weights digest>".
  std::string name() const override;
  NoiseScheduleSpec noise_schedule() const override { return weights_.meta.schedule; }
  // Samples are pixels in [-1, 1]: x_0 is clipped to that range (as diffusers samples DDPM pixel
  // models).
  std::optional<double> clip_sample_range() const override { return 1.0; }
  std::int64_t default_height() const override { return weights_.meta.image_size; }
  std::int64_t default_width() const override { return weights_.meta.image_size; }
  LatentShape latent_shape(std::int64_t height, std::int64_t width) const override;
  at::Tensor encode_prompts(const std::vector<std::string>& prompts) override;
  at::Tensor denoise(const at::Tensor& samples, const at::Tensor& timesteps,
                     const at::Tensor& conditioning) override;
  at::Tensor decode(const at::Tensor& samples) override;
  c10::Device device() const override { return device_; }

  const TinyWeightsMeta& meta() const { return weights_.meta; }

 private:
  LoadedTinyWeights weights_;
  WordVocabulary vocabulary_;
  c10::Device device_;
};

}  // namespace zipp::generation::builtin

namespace zipp::generation {

// The builtin tiny model from a weights directory (tiny.json and weights.pt; the shipped ones are
// in generation/builtin/weights), on `device`.
std::unique_ptr<Pipeline> load_tiny_pipeline(const std::filesystem::path& weights_dir,
                                             c10::Device device);

}  // namespace zipp::generation
