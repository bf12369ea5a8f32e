// The `graph` configuration section: what every graph producer (zipp graph ingest, zipp graph
// synth) shares: where graph.h5 goes, the builtin text embedder's dimension, and the held-out
// split. The producers' own sections (`ingest`, `synth`) hold what is specific to each.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/config/section_spec.h"
#include "graph/heldout_split.h"
#include "graph/text_embedder.h"

namespace zipp::graph {

struct GraphConfig {
  static constexpr std::string_view kName = "graph";
  std::string path;  // "" = <run.dir>/graph.h5
  std::int64_t feature_dim = 128;
  double split_fraction = 0.1;
  std::int64_t split_min_degree = 2;

  static void describe(core::config::SectionSpec<GraphConfig>& spec);

  // The graph file: `path`, or graph.h5 in the run directory when it is empty.
  std::filesystem::path resolve_path(const std::filesystem::path& run_dir) const;
  TextEmbedderOptions embedder_options() const;
  HeldOutOptions heldout_options(std::uint64_t run_seed) const;
};

}  // namespace zipp::graph
