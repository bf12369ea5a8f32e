// The `eval` configuration section: what `zipp eval bench` reads (jobs.jsonl, the images, the
// graph's ground truth), how it scores them (the embedder, reference images, demographic targets,
// bootstrap) and where the report goes (docs/evaluation.md "ZIPBench-synth").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"

namespace zipp::eval {

struct BenchConfig {
  static constexpr std::string_view kName = "eval";
  std::string output;  // "" = <run.dir>/report
  std::string jobs;    // "" = generation.jobs, else <run.dir>/jobs.jsonl
  std::string images;  // "" = generation.output, else <run.dir>/images
  std::string embedder = "aesthetic";
  std::string clip_module;          // a TorchScript CLIP image tower, for embedder=clip
  std::int64_t references = 8;      // reference images per user
  std::int64_t reference_size = 0;  // 0: the generated images' size
  std::string baseline = "no-persona";
  std::string targets;  // demographic target margins (YAML or CSV); "" = no raking
  std::vector<std::string> ablation_runs;  // other run directories with jobs.jsonl and images/
  std::int64_t bootstrap_resamples = 10000;
  double confidence = 0.95;
  std::int64_t cmmd_block = 2048;
  std::int64_t batch = 64;  // images embedded together

  static void describe(core::config::SectionSpec<BenchConfig>& spec);

  std::filesystem::path resolve_output(const std::filesystem::path& run_dir) const;
};

}  // namespace zipp::eval
