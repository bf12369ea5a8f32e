#include "generation/builtin/tiny_diffusion_config.h"

#include <algorithm>

namespace zipp::generation::builtin {

void TinyDiffusionConfig::describe(core::config::SectionSpec<TinyDiffusionConfig>& spec) {
  spec.field("output", &TinyDiffusionConfig::output,
             "directory to write weights.pt and tiny.json to (relative to the working directory)");
  spec.field("prompts", &TinyDiffusionConfig::prompts,
             "extra subjects, one per line (the base prompts); empty: archetype subjects only");
  spec.field("steps", &TinyDiffusionConfig::steps, "optimizer steps")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("batch", &TinyDiffusionConfig::batch, "images per step")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("lr", &TinyDiffusionConfig::lr, "peak AdamW learning rate (warmup, cosine decay)")
      .check([](double lr) { return lr > 0; }, "must be positive");
  spec.field("image_size", &TinyDiffusionConfig::image_size, "training image side in pixels")
      .check([](std::int64_t n) { return n >= 8 && n % 4 == 0; },
             "must be a multiple of 4 of at least 8");
  spec.field("seed", &TinyDiffusionConfig::seed,
             "seed of the initial weights, the training examples and the noise");
  spec.field("channels", &TinyDiffusionConfig::channels,
             "UNet widths at full, half and quarter resolution (multiples of 8)")
      .check(
          [](const std::vector<std::int64_t>& c) {
            return c.size() == 3 && std::all_of(c.begin(), c.end(),
                                                [](std::int64_t w) { return w > 0 && w % 8 == 0; });
          },
          "must be three positive multiples of 8");
  spec.field("log_every", &TinyDiffusionConfig::log_every, "steps between progress lines")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
}

TinyTrainOptions TinyDiffusionConfig::options() const {
  TinyTrainOptions o;
  o.output = output;
  o.base_prompts = prompts;
  o.steps = steps;
  o.batch = batch;
  o.lr = lr;
  o.image_size = image_size;
  o.seed = seed;
  o.architecture.channels = {channels.at(0), channels.at(1), channels.at(2)};
  o.log_every = log_every;
  return o;
}

}  // namespace zipp::generation::builtin
