// The `generation` configuration section: what `zipp generate` reads (jobs.jsonl, the model) and
// writes (images/), and how it samples (docs/generation.md "zipp generate").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"

namespace zipp::generation {

struct GenerateConfig {
  static constexpr std::string_view kName = "generation";
  std::string jobs;    // "" = <run.dir>/jobs.jsonl
  std::string output;  // "" = <run.dir>/images
  std::string model = "builtin";
  std::string builtin_weights = "generation/builtin/weights";
  std::string model_dir;  // a TorchScript export (scripts/), for model=torchscript
  std::string scheduler = "ddim";
  std::int64_t steps = 25;
  double guidance = 7.5;
  double eta = 0.0;
  std::string spacing = "leading";   // which training timesteps the steps visit
  std::string clip_sample = "auto";  // clamp the predicted x_0: auto (the model's choice), on, off
  std::int64_t height = 0;           // 0: the model's default
  std::int64_t width = 0;
  std::int64_t batch = 8;
  std::string negative_prompt;
  std::vector<std::string> methods;  // empty: every method
  std::int64_t max_jobs = 0;         // 0: every job
  std::string device = "auto";
  std::int64_t threads = 0;  // 0: the node's cores / its ranks

  static void describe(core::config::SectionSpec<GenerateConfig>& spec);

  std::filesystem::path resolve_jobs(const std::filesystem::path& run_dir) const;
  std::filesystem::path resolve_output(const std::filesystem::path& run_dir) const;
};

}  // namespace zipp::generation
