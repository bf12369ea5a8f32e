// `zipp generate`: draws the image of every job of jobs.jsonl (docs/generation.md "zipp
// generate", docs/formats.md "Images"). Jobs are dealt to ranks in the order of their ids' hashes;
// each rank loads the configured pipeline on the device its local rank picks, keeps the images an
// earlier run finished, draws the rest in batches, and writes a PNG and its sidecar per job; rank
// 0 writes the manifest and logs every rank's throughput. Exits 1 when an image could not be
// drawn or written, and 4 (kExitStopped) when SIGUSR1/SIGTERM stopped the run after a batch: run
// it again to finish.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <thread>

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/comm/stop_request.h"
#include "core/log.h"
#include "core/str.h"
#include "generation/pipeline/make_pipeline.h"
#include "generation/run/generate_config.h"
#include "generation/run/generate_images.h"
#include "generation/run/generation_jobs.h"
#include "generation/sample/clip_sample.h"
#include "generation/sample/sample_images.h"
#include "generation/schedule/scheduler_kind.h"
#include "generation/schedule/timestep_spacing.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/run_context.h"

namespace zipp::launch {
namespace {

using generation::GenerateConfig;

int threads_per_rank(const GenerateConfig& config, int local_size) {
  if (config.threads > 0) return static_cast<int>(config.threads);
  const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, local_size));
}

void log_summary(const generation::GenerateReport& report, int ranks) {
  const auto& t = report.total;
  ZIPP_LOG_INFO("generate: summary jobs=", t.jobs, " kept=", t.kept, " generated=", t.generated,
                " missing=", t.missing, " stale=", t.stale, " corrupt=", t.corrupt,
                " failed=", t.failed, " left=", t.left, " manifest=", report.manifest_images);
  for (const auto& r : report.ranks) {
    ZIPP_LOG_INFO("generate rank=", r.rank, " images=", r.images,
                  " seconds=", core::fixed(r.seconds, 3),
                  " images_per_s=", core::fixed(r.images_per_s(), 4));
  }
  const double rate = report.seconds > 0 ? static_cast<double>(t.generated) / report.seconds : 0.0;
  ZIPP_LOG_INFO("generate total ranks=", ranks, " images=", t.generated,
                " seconds=", core::fixed(report.seconds, 3),
                " images_per_s=", core::fixed(rate, 4));
}

}  // namespace

int run_generate(const Invocation& invocation) {
  const auto world = core::comm::Communicator::world();
  const ParsedCommandLine parsed = parse_collective_command_line(invocation, "generate", world);
  if (parsed.common.help) return kExitOk;

  const RunContext context = open_run(parsed, invocation, world);
  const auto config = context.config.get<GenerateConfig>();
  const std::filesystem::path jobs_path = config.resolve_jobs(context.run_dir);
  // Installed before the model loads, so an early SIGTERM stops the run instead of killing it.
  core::comm::install_stop_handlers();
  at::set_num_threads(threads_per_rank(config, context.topology.local_size));

  std::vector<generation::GenerationJob> jobs;
  std::unique_ptr<generation::Pipeline> pipeline;
  generation::SamplingOptions sampling;
  generation::GenerateOptions options;
  core::comm::agree_on_setup(
      world,
      [&] {
        jobs = generation::select_jobs(generation::read_generation_jobs(jobs_path), config.methods,
                                       config.max_jobs);
        const c10::Device device =
            generation::choose_device(config.device, context.topology.local_rank);
        pipeline = generation::make_pipeline(config, device);
        sampling.scheduler =
            generation::parse_scheduler_kind(config.scheduler, "generation.scheduler");
        sampling.steps = config.steps;
        sampling.guidance = config.guidance;
        sampling.eta = config.eta;
        sampling.spacing = generation::parse_timestep_spacing(config.spacing, "generation.spacing");
        sampling.clip_sample =
            generation::parse_clip_sample(config.clip_sample, "generation.clip_sample");
        sampling.height = config.height > 0 ? config.height : pipeline->default_height();
        sampling.width = config.width > 0 ? config.width : pipeline->default_width();
        pipeline->latent_shape(sampling.height, sampling.width);  // ConfigError for a bad size
      },
      "generate: reading the jobs and loading the model");
  options.output = config.resolve_output(context.run_dir);
  options.batch = config.batch;
  options.settings = {
      pipeline->name(),
      std::string(generation::scheduler_kind_name(sampling.scheduler)),
      sampling.steps,
      sampling.guidance,
      sampling.eta,
      sampling.height,
      sampling.width,
      config.negative_prompt,
      std::string(generation::timestep_spacing_name(sampling.spacing)),
      generation::resolve_clip_sample_range(sampling.clip_sample, pipeline->clip_sample_range())};
  const auto& clip = options.settings.clip_sample_range;
  ZIPP_LOG_INFO("generate: ", jobs.size(), " jobs from ", jobs_path.string(), " on ", world.size(),
                " ranks, model ", options.settings.model, " on ", pipeline->device().str(), ", ",
                options.settings.scheduler, " ", sampling.steps, " ", options.settings.spacing,
                " steps, guidance ", sampling.guidance, ", x0 clip ",
                clip ? core::str("[-", *clip, ", ", *clip, "]") : std::string("off"),
                " (clip_sample=", config.clip_sample, "), ", sampling.height, "x", sampling.width,
                ", batch ", config.batch, ", ", at::get_num_threads(), " threads per rank -> ",
                options.output.string());

  const generation::GenerateReport report = generation::generate_images(
      world, jobs, options, [&](std::span<const generation::ImageRequest> requests) {
        c10::InferenceMode guard;
        return generation::sample_images(*pipeline, requests, sampling);
      });
  log_summary(report, world.size());
  close_run(context);
  if (report.total.failed > 0) {
    for (const auto& failure : report.failures) ZIPP_LOG_ERROR("generate: ", failure);
    ZIPP_LOG_ERROR("generate: ", report.total.failed,
                   " images could not be drawn or written (the first are named above); run "
                   "again to retry only those");
    return kExitFailure;
  }
  if (report.stop_signal != 0) {
    ZIPP_LOG_WARN("generate: stopped by signal ", report.stop_signal, " with ", report.total.left,
                  " images left; ", report.manifest_images,
                  " finished images are in the manifest; run again to finish");
    return kExitStopped;
  }
  return kExitOk;
}

}  // namespace zipp::launch
