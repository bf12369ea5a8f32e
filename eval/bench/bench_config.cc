#include "eval/bench/bench_config.h"

namespace zipp::eval {

void BenchConfig::describe(core::config::SectionSpec<BenchConfig>& spec) {
  spec.field("output", &BenchConfig::output,
             "directory of report.md, report.json, the per-user table, plots and the embedding "
             "cache; empty: <run.dir>/report");
  spec.field("jobs", &BenchConfig::jobs,
             "jobs.jsonl whose images are scored; empty: generation.jobs, else "
             "<run.dir>/jobs.jsonl");
  spec.field("images", &BenchConfig::images,
             "the images of those jobs (docs/formats.md \"Images\"); empty: generation.output, "
             "else <run.dir>/images");
  spec.choice("embedder", &BenchConfig::embedder, {"aesthetic", "clip"},
              "image space of the scores: aesthetic (builtin colour and texture features) or "
              "clip (a TorchScript CLIP image tower in clip_module)");
  spec.field("clip_module", &BenchConfig::clip_module,
             "TorchScript CLIP image tower (scripts/export-clip-image.py), for embedder=clip");
  spec.field("references", &BenchConfig::references,
             "reference images rendered per user in the user's true style")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("reference_size", &BenchConfig::reference_size,
             "side of the reference images in pixels; 0: the generated images' height")
      .check([](std::int64_t n) { return n == 0 || n >= 8; }, "must be 0 or at least 8");
  spec.field("baseline", &BenchConfig::baseline,
             "the method every other one is compared with (win rates, lift)");
  spec.field("targets", &BenchConfig::targets,
             "demographic target margins for IPF raking (docs/formats.md \"Target margins\"; "
             "variables age, gender, region); empty: no raking");
  spec.field("ablation_runs", &BenchConfig::ablation_runs,
             "other run directories (each with metrics.jsonl, jobs.jsonl and images/) of the "
             "same graph, one per encoder, for the ablation table");
  spec.field("bootstrap_resamples", &BenchConfig::bootstrap_resamples,
             "resamples of every bootstrap confidence interval")
      .check([](std::int64_t n) { return n >= 100; }, "must be at least 100");
  spec.field("confidence", &BenchConfig::confidence, "level of the confidence intervals")
      .check([](double c) { return c > 0 && c < 1; }, "must be in (0, 1)");
  spec.field("cmmd_block", &BenchConfig::cmmd_block, "rows per block of the CMMD kernels")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("batch", &BenchConfig::batch, "images embedded together")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.validate([](const BenchConfig& c) -> std::string {
    if (c.embedder == "clip" && c.clip_module.empty()) {
      return "eval.embedder=clip needs eval.clip_module (a TorchScript CLIP image tower)";
    }
    return "";
  });
}

std::filesystem::path BenchConfig::resolve_output(const std::filesystem::path& run_dir) const {
  return output.empty() ? run_dir / "report" : std::filesystem::path(output);
}

}  // namespace zipp::eval
