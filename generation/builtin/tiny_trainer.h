// Training of the builtin tiny model (docs/generation.md "Builtin tiny model"): batches of
// (prompt, rendered image) from TinyExampleSampler, 10% of prompts dropped to "" for
// classifier-free guidance, the image noised to a uniform training timestep of the DDPM linear
// schedule, the UNet's epsilon prediction regressed with MSE; AdamW with a short warmup and a
// cosine decay to a tenth; an exponential moving average of the weights is what gets saved.
// Deterministic for a seed (and a thread count).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "generation/builtin/tiny_architecture.h"

namespace zipp::generation::builtin {

struct TinyTrainOptions {
  std::filesystem::path output = "generation/builtin/weights";
  std::string base_prompts = "configs/prompts/base-prompts.txt";  // "" = archetype subjects only
  std::int64_t steps = 2000;
  std::int64_t batch = 32;
  double lr = 2e-3;
  std::int64_t image_size = 32;
  std::uint64_t seed = 0;
  TinyArchitecture architecture;  // vocabulary is filled in from the data
  double drop_prompt = 0.1;
  double ema_decay = 0.995;
  std::int64_t log_every = 50;
  std::string command;  // recorded in tiny.json
};

struct TinyTrainResult {
  double final_loss = 0;  // mean loss over the last log interval
  double seconds = 0;
  double images_per_s = 0;
  std::int64_t parameters = 0;
  std::string weights_digest;
};

// Trains and writes options.output/{weights.pt, tiny.json} atomically.
TinyTrainResult train_tiny(const TinyTrainOptions& options);

}  // namespace zipp::generation::builtin
