// A small valid graph for the graph/ tests: 4 users, 3 subreddits, 7 edges, alignment vectors
// for two users and a held-out split.
#pragma once

#include <ATen/ops/arange.h>

#include "graph/bipartite_graph.h"
#include "graph/csr_builder.h"

namespace zipp::graph::testing {

inline BipartiteGraph sample_graph() {
  BipartiteGraph g;
  g.num_users = 4;
  g.num_subreddits = 3;
  g.source = "hand-made test graph";
  g.user_names = {"alice", "bob", "carol", "dave"};
  g.subreddit_names = {"pics", "aww", "cpp"};
  g.subreddit_descriptions = {"pictures", "", "C++ talk"};
  g.subreddit_features = at::arange(12, at::TensorOptions().dtype(at::kFloat)).reshape({3, 4});
  const std::vector<Interaction> records = {{0, 0, 1, 2}, {0, 2, 0, 1}, {1, 1, 3, 0}, {1, 0, 1, 1},
                                            {2, 2, 2, 2}, {3, 0, 0, 5}, {3, 1, 1, 0}, {0, 0, 1, 0}};
  g.csr = build_csr(records, g.num_users, g.num_subreddits);
  g.csc = build_csc(g.csr, g.num_subreddits);
  g.alignment =
      Alignment{{1, 3}, at::arange(6, at::TensorOptions().dtype(at::kFloat)).reshape({2, 3})};
  g.split = HeldOutSplit{{0, 1, 0, 1, 0, 1, 0}, 42};
  return g;
}

}  // namespace zipp::graph::testing
