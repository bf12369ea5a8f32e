// The `tiny_diffusion` configuration section: how `zipp generation train-tiny` trains the builtin
// tiny model and where it writes the weights (docs/generation.md "Builtin tiny model").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"
#include "generation/builtin/tiny_trainer.h"

namespace zipp::generation::builtin {

struct TinyDiffusionConfig {
  static constexpr std::string_view kName = "tiny_diffusion";
  std::string output = "generation/builtin/weights";
  std::string prompts = "configs/prompts/base-prompts.txt";
  std::int64_t steps = 2000;
  std::int64_t batch = 32;
  double lr = 2e-3;
  std::int64_t image_size = 32;
  std::uint64_t seed = 0;
  std::vector<std::int64_t> channels = {32, 64, 64};
  std::int64_t log_every = 50;

  static void describe(core::config::SectionSpec<TinyDiffusionConfig>& spec);

  // The trainer's options (the architecture's widths from channels).
  TinyTrainOptions options() const;
};

}  // namespace zipp::generation::builtin
