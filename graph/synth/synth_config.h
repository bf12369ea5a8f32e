// The `synth` configuration section: the size and shape of the synthetic world that
// `zipp graph synth` draws (docs/synthetic-world.md explains each parameter's role). The seed is
// run.seed; where the graph goes, the feature dimension and the held-out split come from the
// shared `graph` section (graph/graph_config.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"

namespace zipp::graph::synth {

struct SynthConfig {
  static constexpr std::string_view kName = "synth";
  std::int64_t users = 20000;
  std::int64_t subreddits = 400;
  double mean_degree = 10.0;
  std::int64_t max_degree = 5000;
  double degree_tail = 2.0;
  double popularity_exponent = 1.0;
  double hub_fraction = 0.05;
  double hub_share = 0.15;
  double explore_share = 0.1;
  double count_tail = 2.5;
  double count_scale = 1.5;
  double visual_fraction = 0.3;
  std::int64_t max_titles = 5;
  std::vector<std::string> archetypes;  // empty: every builtin archetype
  std::int64_t num_archetypes = 0;      // 0: all of them
  std::int64_t block_users = 16384;
  std::int64_t threads = 1;

  static void describe(core::config::SectionSpec<SynthConfig>& spec);

  // Subreddits that are hubs: round(hub_fraction * subreddits), at least one when the fraction
  // is positive.
  std::int64_t num_hubs() const;
  // The largest degree a user can have: max_degree, at most half the subreddits (so a user's
  // distinct subreddits can always be found), at least 1.
  std::int64_t degree_cap() const;
};

}  // namespace zipp::graph::synth
