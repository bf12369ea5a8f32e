#include "graph/graph_config.h"

#include "core/random/hash.h"

namespace zipp::graph {

void GraphConfig::describe(core::config::SectionSpec<GraphConfig>& spec) {
  spec.field("path", &GraphConfig::path,
             "graph.h5 written by graph ingest/synth and read by later stages; empty: "
             "<run.dir>/graph.h5");
  spec.field("feature_dim", &GraphConfig::feature_dim,
             "dimension of the builtin text embedder (subreddit features, image-title vectors)")
      .check([](std::int64_t d) { return d >= 1 && d <= 65536; }, "must be in [1, 65536]");
  spec.field("split_fraction", &GraphConfig::split_fraction,
             "share of each user's edges held out for posting accuracy (at least one; 0: none)")
      .check([](double f) { return f >= 0 && f < 1; }, "must be in [0, 1)");
  spec.field("split_min_degree", &GraphConfig::split_min_degree,
             "users with fewer edges keep all of them for training")
      .check([](std::int64_t d) { return d >= 2; }, "must be at least 2");
}

std::filesystem::path GraphConfig::resolve_path(const std::filesystem::path& run_dir) const {
  return path.empty() ? run_dir / "graph.h5" : std::filesystem::path(path);
}

TextEmbedderOptions GraphConfig::embedder_options() const {
  return TextEmbedderOptions{.dim = feature_dim};
}

HeldOutOptions GraphConfig::heldout_options(std::uint64_t run_seed) const {
  return HeldOutOptions{.seed = core::hash_keys({run_seed, core::hash_text("heldout")}),
                        .fraction = split_fraction,
                        .min_degree = split_min_degree};
}

}  // namespace zipp::graph
