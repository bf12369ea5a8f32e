// Small synthetic worlds for the graph synth tests: big enough for statistics to settle, small
// enough to draw in well under a second.
#pragma once

#include <cstdint>

#include "graph/graph_config.h"
#include "graph/synth/synth_config.h"
#include "graph/synth/synth_graph.h"

namespace zipp::graph::synth::testing {

inline constexpr std::uint64_t kSeed = 20260601;

inline SynthConfig small_config(std::int64_t users = 4000, std::int64_t subreddits = 400) {
  SynthConfig c;
  c.users = users;
  c.subreddits = subreddits;
  c.block_users = 700;  // several blocks, the last one short
  return c;
}

inline GraphConfig small_graph_config() {
  GraphConfig g;
  g.feature_dim = 32;
  return g;
}

inline World small_world(const SynthConfig& config = small_config(), std::uint64_t seed = kSeed) {
  return make_world(config, small_graph_config(), seed);
}

}  // namespace zipp::graph::synth::testing
