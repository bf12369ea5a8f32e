// The generated images a benchmark scores: each job of jobs.jsonl whose image `zipp generate`
// finished (its sidecar written, docs/formats.md "Images"), with a fingerprint of the PNG's bytes
// for the embedding cache. Jobs without a finished image are counted, not scored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "generation/run/generation_jobs.h"

namespace zipp::eval {

struct BenchImage {
  generation::GenerationJob job;
  std::string image;  // relative to the images directory
  std::filesystem::path path;
  std::uint64_t fingerprint = 0;  // PNG size << 32 | CRC-32
};

struct BenchImages {
  std::vector<BenchImage> images;                     // in jobs.jsonl order
  std::vector<generation::GenerationJob> unfinished;  // jobs without a finished image
};

// Reads `jobs` (generation/run/generation_jobs.h) and finds each job's image under `images_dir`.
// InputError from the jobs reader; IoError when a finished image cannot be read.
BenchImages find_bench_images(const std::filesystem::path& jobs,
                              const std::filesystem::path& images_dir);

}  // namespace zipp::eval
