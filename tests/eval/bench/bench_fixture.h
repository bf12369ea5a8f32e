// A tiny ZIPBench-synth run made by the test itself: a small synthetic world (graph.h5 with its
// truth), jobs.jsonl for a few users and two methods, and their images drawn by the procedural
// renderer: "no-persona" images in the neutral look, "zipp-kshot" images in each user's true
// style (another grain than the references), so the persona method must score higher.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "core/io/h5_file.h"
#include "generation/builtin/procedural_renderer.h"
#include "generation/image/png_file.h"
#include "generation/run/generation_jobs.h"
#include "generation/run/image_files.h"
#include "graph/synth/synth_graph.h"
#include "graph/synth/truth_reader.h"
#include "tests/graph/synth/small_world.h"

namespace zipp::eval::testing {

inline constexpr int kBenchUsers = 6;
inline constexpr int kBenchPrompts = 3;
inline constexpr std::int64_t kImageSize = 32;
inline const std::vector<std::string> kBasePrompts = {
    "a city street after rain", "a bowl of fruit on a table", "a cat sleeping by a window"};

struct TinyRun {
  std::filesystem::path dir;
  std::filesystem::path graph;
  std::filesystem::path jobs;
  std::filesystem::path images;
  std::vector<generation::GenerationJob> job_list;
};

inline void write_image(const std::filesystem::path& images, const generation::GenerationJob& job,
                        const graph::synth::Aesthetic& look, std::uint64_t grain) {
  const at::Tensor chw =
      generation::builtin::render_scene(job.base_prompt, look, kImageSize, grain);
  const at::Tensor hwc =
      (chw.permute({1, 2, 0}).clamp(0.0, 1.0) * 255.0).round().to(at::kByte).contiguous();
  const auto files = generation::job_files(images, job);
  std::filesystem::create_directories(files.image_path.parent_path());
  generation::write_png(files.image_path,
                        {hwc.data_ptr<std::uint8_t>(), static_cast<std::size_t>(hwc.numel())},
                        kImageSize, kImageSize);
  // The benchmark only asks whether the sidecar exists (the image is finished).
  std::ofstream(files.sidecar_path) << "{}\n";
}

// Users 0..kBenchUsers-1 of a 300-user world; the last zipp-kshot job is left unfinished.
inline TinyRun make_tiny_run(const std::filesystem::path& dir) {
  namespace synth = graph::synth;
  TinyRun run;
  run.dir = dir;
  run.graph = dir / "graph.h5";
  run.jobs = dir / "jobs.jsonl";
  run.images = dir / "images";
  std::filesystem::create_directories(dir);
  synth::write_synthetic_graph(synth::testing::small_world(synth::testing::small_config(300, 100)),
                               synth::testing::small_graph_config(), synth::testing::kSeed,
                               run.graph);
  const auto file = core::h5::File::open(run.graph, core::h5::Access::kRead);
  const auto truth = synth::read_user_truth(file, 0, kBenchUsers);
  std::ofstream jobs(run.jobs);
  for (int u = 0; u < kBenchUsers; ++u) {
    synth::Aesthetic style{};
    for (std::size_t a = 0; a < synth::kAestheticDims; ++a) style[a] = truth.style[u * 6 + a];
    for (int p = 0; p < kBenchPrompts; ++p) {
      for (const std::string method : {"no-persona", "zipp-kshot"}) {
        generation::GenerationJob job;
        job.user = "user_" + std::to_string(u);
        job.user_id = u;
        job.method = method;
        job.prompt_index = p;
        job.base_prompt = kBasePrompts[p];
        job.prompt = kBasePrompts[p];
        job.seed = static_cast<std::uint64_t>(100 * u + p);
        job.id = job.user + "/p" + std::to_string(p) + "/" + method;
        jobs << "{\"format_version\": 1, \"job\": \"" << job.id << "\", \"user\": \"" << job.user
             << "\", \"user_id\": " << u << ", \"method\": \"" << method
             << "\", \"prompt_index\": " << p << ", \"base_prompt\": \"" << job.base_prompt
             << "\", \"prompt\": \"" << job.prompt << "\", \"seed\": " << job.seed << "}\n";
        const bool last = u == kBenchUsers - 1 && p == kBenchPrompts - 1 && method == "zipp-kshot";
        if (!last) {
          write_image(run.images, job,
                      method == "no-persona" ? generation::builtin::neutral_aesthetic() : style,
                      7 + job.seed);
        }
        run.job_list.push_back(job);
      }
    }
  }
  return run;
}

}  // namespace zipp::eval::testing
