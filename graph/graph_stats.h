// Summary statistics of a graph.h5 for `zipp graph info`: counts, degree percentiles on both
// sides, interaction totals, edge- and subreddit-feature statistics, alignment coverage, the
// held-out split and whether synthetic ground truth is present. The file is read in blocks (a
// range of users with at most block_edges edges at a time, GraphReader::read_user_rows), and
// degree percentiles come from a histogram of degrees, so memory stays bounded for a
// 23M-user graph.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "graph/graph_reader.h"

namespace zipp::graph {

// Nearest-rank percentiles: p50 is the smallest degree d with at least half of the nodes at or
// below d. All zero for an empty side.
struct DegreeStats {
  std::int64_t min = 0;
  std::int64_t p50 = 0;
  std::int64_t p90 = 0;
  std::int64_t p99 = 0;
  std::int64_t max = 0;
  double mean = 0;
  std::int64_t zero = 0;  // nodes without edges
};

// Over the finite values only; non-finite ones are counted apart.
struct ValueStats {
  std::int64_t count = 0;
  std::int64_t non_finite = 0;
  double mean = 0;
  double std = 0;  // population standard deviation
  double min = 0;
  double max = 0;
};

struct FeatureStats {
  std::int64_t rows = 0;
  std::int64_t dim = 0;
  std::int64_t zero_rows = 0;
  std::int64_t non_finite = 0;
  ValueStats values;                // every value of the matrix
  std::vector<ValueStats> columns;  // per column, for the two edge features only
};

struct GraphStats {
  GraphMeta meta;
  DegreeStats user_degree;
  DegreeStats subreddit_degree;
  std::int64_t posts = 0;
  std::int64_t comments = 0;
  FeatureStats edge_features;       // columns e1, e2
  FeatureStats subreddit_features;  // no per-column figures
  std::int64_t aligned_users = 0;
  std::int64_t heldout_edges = 0;
  std::int64_t split_seed = 0;
  bool has_truth = false;
  std::vector<std::string> truth_members;  // names inside /truth
};

GraphStats compute_graph_stats(const std::filesystem::path& path,
                               std::int64_t block_edges = std::int64_t{1} << 22);

}  // namespace zipp::graph
