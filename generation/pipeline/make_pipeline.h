// The pipeline a run asks for (docs/generation.md "zipp generate"): the `generation` section's
// model (builtin: the tiny model in builtin_weights; torchscript: an export in model_dir) on the
// device this rank should use.
#pragma once

#include <memory>
#include <string_view>

#include <c10/core/Device.h>

#include "generation/pipeline/pipeline.h"
#include "generation/run/generate_config.h"

namespace zipp::generation {

// cpu for "cpu"; for "auto" and "cuda" cuda:<local_rank mod GPUs> when LibTorch sees a GPU, else
// cpu for "auto" and a ConfigError for "cuda".
c10::Device choose_device(std::string_view setting, int local_rank);

// Loads generation.model on `device`; ConfigError when model=torchscript has no model_dir, and
// whatever the loader throws for a missing or damaged model.
std::unique_ptr<Pipeline> make_pipeline(const GenerateConfig& config, c10::Device device);

}  // namespace zipp::generation
