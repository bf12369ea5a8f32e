// The distributed, resumable loop behind `zipp generate` (docs/generation.md "zipp generate"):
// every rank reads the same jobs, checks the share shard_jobs gives it and keeps the images a
// previous run finished (check_image); the rest is dealt over the ranks again (shard_jobs) and
// drawn in batches, and writes each job's PNG and then its
// sidecar atomically; rank 0 then writes the manifest of every finished image in jobs.jsonl order.
// A stop request (SIGUSR1/SIGTERM, core/comm/stop_request.h) reaching any rank ends every rank
// after its current batch, with everything finished so far on disk and in the manifest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/comm/communicator.h"
#include "generation/run/generation_jobs.h"
#include "generation/run/image_files.h"
#include "generation/sample/sample_images.h"

namespace zipp::generation {

// Draws one batch: uint8 [B, height, width, 3] for B requests (sample_images with a pipeline).
using SampleBatch = std::function<at::Tensor(std::span<const ImageRequest>)>;

struct GenerateOptions {
  std::filesystem::path output;  // images/
  ImageSettings settings;        // height and width resolved
  std::int64_t batch = 8;
};

// Image counts; in a GenerateReport, summed over every rank.
struct ImageCounts {
  std::int64_t jobs = 0;       // jobs drawn by these ranks
  std::int64_t kept = 0;       // finished by an earlier run and whole: left untouched
  std::int64_t missing = 0;    // no sidecar
  std::int64_t stale = 0;      // finished for another prompt, model or sampling setting
  std::int64_t corrupt = 0;    // sidecar or PNG damaged
  std::int64_t generated = 0;  // drawn and written by this run
  std::int64_t failed = 0;     // could not be drawn or written
  std::int64_t left = 0;       // not reached before a stop request
};

struct RankThroughput {
  int rank = 0;
  std::int64_t images = 0;
  double seconds = 0;  // spent drawing and writing this rank's batches
  double images_per_s() const { return seconds > 0 ? static_cast<double>(images) / seconds : 0; }
};

struct GenerateReport {
  ImageCounts total;                  // every rank
  ImageCounts rank;                   // this rank
  std::vector<RankThroughput> ranks;  // every rank's, in rank order (on every rank)
  double seconds = 0;                 // the drawing loop's wall time, slowest rank
  int stop_signal = 0;                // the agreed stop signal; 0 when the run was not stopped
  std::int64_t manifest_images = 0;   // images listed in the manifest
  std::string first_failure;          // this rank's first failure message; "" when none
  std::vector<std::string> failures;  // on rank 0: up to 5 failure messages of every rank
};

// `<output>/manifest.jsonl` (docs/formats.md "Images").
std::filesystem::path manifest_path(const std::filesystem::path& output);

// Collective over `comm`: every rank passes the same jobs. Exceptions of `sample` or of writing
// a batch count as failed images (the run goes on with the next batch), so no rank leaves the
// others waiting; setup errors (the output directory) are agreed on (core::CollectiveError).
GenerateReport generate_images(const core::comm::Communicator& comm,
                               const std::vector<GenerationJob>& jobs,
                               const GenerateOptions& options, const SampleBatch& sample);

}  // namespace zipp::generation
