#include "generation/run/generate_config.h"

namespace zipp::generation {

void GenerateConfig::describe(core::config::SectionSpec<GenerateConfig>& spec) {
  spec.field("jobs", &GenerateConfig::jobs,
             "jobs.jsonl to draw (docs/formats.md \"Generation jobs\"); empty: "
             "<run.dir>/jobs.jsonl");
  spec.field("output", &GenerateConfig::output,
             "directory of the images, sidecars and manifest (docs/formats.md \"Images\"); "
             "empty: <run.dir>/images");
  spec.choice("model", &GenerateConfig::model, {"builtin", "torchscript"},
              "builtin: the tiny model shipped in builtin_weights; torchscript: an export in "
              "model_dir");
  spec.field("builtin_weights", &GenerateConfig::builtin_weights,
             "directory of the builtin tiny model's weights (relative to the working directory)");
  spec.field("model_dir", &GenerateConfig::model_dir,
             "a TorchScript export of a diffusers model (scripts/), for model=torchscript");
  spec.choice("scheduler", &GenerateConfig::scheduler, {"ddim", "euler", "euler_a", "dpmpp_2m"},
              "sampler (docs/generation.md \"Schedulers\")");
  spec.field("steps", &GenerateConfig::steps, "sampling steps per image")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("guidance", &GenerateConfig::guidance,
             "classifier-free guidance scale (1: the conditional prediction alone)")
      .check([](double g) { return g >= 0; }, "must be at least 0");
  spec.field("eta", &GenerateConfig::eta, "DDIM's stochasticity (0: deterministic)")
      .check([](double e) { return e >= 0 && e <= 1; }, "must be in [0, 1]");
  spec.choice("spacing", &GenerateConfig::spacing, {"leading", "trailing", "linspace"},
              "which training timesteps the steps visit, as diffusers' timestep_spacing "
              "(docs/generation.md \"Schedulers\")");
  spec.choice("clip_sample", &GenerateConfig::clip_sample, {"auto", "on", "off"},
              "clamp each step's predicted clean image to the model's range (diffusers' "
              "clip_sample); auto: as the model says (on for the builtin pixel-space model, off "
              "for latent models unless zipp_model.json sets clip_sample_range)");
  spec.field("height", &GenerateConfig::height, "image height in pixels; 0: the model's default")
      .check([](std::int64_t n) { return n >= 0; }, "must be at least 0");
  spec.field("width", &GenerateConfig::width, "image width in pixels; 0: the model's default")
      .check([](std::int64_t n) { return n >= 0; }, "must be at least 0");
  spec.field("batch", &GenerateConfig::batch, "images sampled together on a rank")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("negative_prompt", &GenerateConfig::negative_prompt,
             "the unconditional input of guidance (empty: the empty prompt)");
  spec.field("methods", &GenerateConfig::methods,
             "draw only the jobs of these methods (no-persona, zipp-0shot, zipp-kshot); empty: "
             "every job");
  spec.field("max_jobs", &GenerateConfig::max_jobs,
             "0: every job; else the first N jobs of jobs.jsonl (after the methods filter)")
      .check([](std::int64_t n) { return n >= 0; }, "must be at least 0");
  spec.choice("device", &GenerateConfig::device, {"auto", "cpu", "cuda"},
              "auto: cuda:<local rank mod GPUs> when LibTorch sees a GPU, else cpu");
  spec.field("threads", &GenerateConfig::threads,
             "LibTorch threads per rank; 0: the node's cores divided by its ranks")
      .check([](std::int64_t n) { return n >= 0; }, "must be at least 0");
}

std::filesystem::path GenerateConfig::resolve_jobs(const std::filesystem::path& run_dir) const {
  return jobs.empty() ? run_dir / "jobs.jsonl" : std::filesystem::path(jobs);
}

std::filesystem::path GenerateConfig::resolve_output(const std::filesystem::path& run_dir) const {
  return output.empty() ? run_dir / "images" : std::filesystem::path(output);
}

}  // namespace zipp::generation
