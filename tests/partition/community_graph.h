// Test graphs for the partition tests: users in planted communities, each touching mostly the
// subreddits of its own community, so a structure-aware partitioner must cut far fewer edges
// than hashing. Built in memory and written with graph::write_graph; deterministic by seed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <ATen/ops/empty.h>

#include "core/random/rng.h"
#include "core/str.h"
#include "graph/bipartite_graph.h"
#include "graph/csr_builder.h"
#include "graph/graph_writer.h"

namespace zipp::partition::testing {

struct CommunityGraphSpec {
  std::int64_t users = 2000;
  std::int64_t subreddits = 80;
  std::int64_t communities = 4;
  std::int64_t min_degree = 1;
  std::int64_t max_degree = 12;
  double outside = 0.1;  // chance an edge leaves the user's community
  std::uint64_t seed = 1;
  bool with_split = true;
  bool with_alignment = true;
};

inline at::Tensor normal_tensor(core::Rng& rng, std::int64_t rows, std::int64_t columns) {
  at::Tensor t = at::empty({rows, columns}, at::TensorOptions().dtype(at::kFloat));
  float* data = t.data_ptr<float>();
  for (std::int64_t i = 0; i < rows * columns; ++i) data[i] = static_cast<float>(rng.normal());
  return t;
}

inline graph::BipartiteGraph community_graph(const CommunityGraphSpec& spec) {
  core::Rng rng(spec.seed);
  graph::BipartiteGraph g;
  g.num_users = spec.users;
  g.num_subreddits = spec.subreddits;
  g.source = "partition test graph";
  for (std::int64_t u = 0; u < spec.users; ++u) g.user_names.push_back(core::str("u", u));
  for (std::int64_t s = 0; s < spec.subreddits; ++s) {
    g.subreddit_names.push_back(core::str("r", s));
    g.subreddit_descriptions.push_back(s % 3 == 0 ? std::string() : core::str("about r", s));
  }
  g.subreddit_features = normal_tensor(rng, spec.subreddits, 6);
  const std::int64_t block = std::max<std::int64_t>(1, spec.subreddits / spec.communities);
  std::vector<graph::Interaction> records;
  for (std::int64_t u = 0; u < spec.users; ++u) {
    const std::int64_t community = static_cast<std::int64_t>(rng.below(spec.communities));
    const std::int64_t degree =
        spec.min_degree +
        static_cast<std::int64_t>(rng.below(spec.max_degree - spec.min_degree + 1));
    for (std::int64_t k = 0; k < degree; ++k) {
      std::int64_t s =
          rng.bernoulli(spec.outside)
              ? static_cast<std::int64_t>(rng.below(spec.subreddits))
              : std::min(spec.subreddits - 1,
                         community * block + static_cast<std::int64_t>(rng.below(block)));
      records.push_back({u, s, static_cast<std::int32_t>(rng.below(3)),
                         static_cast<std::int32_t>(1 + rng.below(5))});
    }
  }
  g.csr = graph::build_csr(records, g.num_users, g.num_subreddits);
  g.csc = graph::build_csc(g.csr, g.num_subreddits);
  if (spec.with_split) {
    graph::HeldOutSplit split;
    split.seed = 99;
    for (std::int64_t e = 0; e < g.num_edges(); ++e) split.heldout.push_back(rng.below(7) == 0);
    g.split = std::move(split);
  }
  if (spec.with_alignment) {
    graph::Alignment alignment;
    for (std::int64_t u = 0; u < spec.users; u += 3) alignment.user_ids.push_back(u);
    alignment.vectors = normal_tensor(rng, static_cast<std::int64_t>(alignment.user_ids.size()), 4);
    g.alignment = std::move(alignment);
  }
  return g;
}

inline std::filesystem::path write_community_graph(const std::filesystem::path& path,
                                                   const CommunityGraphSpec& spec) {
  std::filesystem::create_directories(path.parent_path());
  graph::write_graph(community_graph(spec), path);
  return path;
}

}  // namespace zipp::partition::testing
