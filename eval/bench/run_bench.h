// ZIPBench-synth (docs/evaluation.md "ZIPBench-synth"): scores every method's generated images
// against reference images of each user's true taste, and gathers the paper-shaped table.
//
// For each benchmark user (a user of jobs.jsonl with ground truth in graph.h5), `references`
// images are rendered in the user's true style (eval/bench/reference_images.h). Every image is
// embedded (cached, eval/bench/embedding_cache.h), and
// - an image's personalization score (CLIPScore-style, x100) is 100 x its mean cosine similarity
//   to its user's reference images;
// - a method's CS is the mean over users of each user's mean image score, with a bootstrap
//   interval over users; its lift and paired difference are against the baseline method;
// - its CMMD is between all its images and all users' reference images;
// - its win rate against the baseline compares the two images of each (user, prompt);
// - with demographic targets, the users' scores are raked (eval/bench/demographic_scores.h);
// - the oracle-style row scores the base prompts rendered in each user's true style.
// With ablation runs, each run's persona method is scored the same way beside its training run's
// posting accuracy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "eval/bench/bench_config.h"
#include "eval/bench/bench_report.h"
#include "eval/embedders/image_embedder.h"

namespace zipp::eval {

struct BenchInputs {
  BenchConfig config;
  std::filesystem::path run_dir;
  std::filesystem::path jobs;
  std::filesystem::path images;
  std::filesystem::path graph;
  std::filesystem::path output;  // the report directory: the embedding cache goes there
  std::uint64_t seed = 0;
};

// InputError when the graph has no ground truth, no job has a finished image, the baseline
// method has no images, or the targets cannot be read; the message names the file.
BenchReport run_bench(const BenchInputs& inputs, ImageEmbedder& embedder);

}  // namespace zipp::eval
