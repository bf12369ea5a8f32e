#include "graph/graph_stats.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "core/check.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_tensor.h"
#include "core/progress.h"

namespace zipp::graph {
namespace {

namespace h5 = core::h5;

constexpr std::int64_t kIndptrBlock = std::int64_t{1} << 20;

template <typename T>
std::vector<T> read_block(const h5::Object& file, std::string_view name, std::int64_t begin,
                          std::int64_t end) {
  const at::Tensor t = h5::read_rows(file, name, begin, end).contiguous();
  std::vector<T> values(t.numel());
  if (!values.empty()) std::memcpy(values.data(), t.data_ptr(), values.size() * sizeof(T));
  return values;
}

// Welford's running mean and variance, with min and max, over finite values.
class Accumulator {
 public:
  void add(double v) {
    if (!std::isfinite(v)) {
      ++non_finite_;
      return;
    }
    ++count_;
    const double delta = v - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (v - mean_);
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
  }

  ValueStats stats() const {
    ValueStats s;
    s.count = count_;
    s.non_finite = non_finite_;
    if (count_ == 0) return s;
    s.mean = mean_;
    s.std = std::sqrt(m2_ / static_cast<double>(count_));
    s.min = min_;
    s.max = max_;
    return s;
  }

 private:
  std::int64_t count_ = 0;
  std::int64_t non_finite_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

// Rows of a float matrix fed one at a time.
class FeatureAccumulator {
 public:
  FeatureAccumulator(std::int64_t dim, bool per_column)
      : dim_(dim), columns_(per_column ? dim : 0) {}

  void add_rows(const float* values, std::int64_t rows) {
    for (std::int64_t r = 0; r < rows; ++r) {
      const float* row = values + r * dim_;
      bool zero = true;
      for (std::int64_t d = 0; d < dim_; ++d) {
        zero = zero && row[d] == 0;
        all_.add(row[d]);
        if (!columns_.empty()) columns_[d].add(row[d]);
      }
      zero_rows_ += zero ? 1 : 0;
    }
    rows_ += rows;
  }

  FeatureStats stats() const {
    FeatureStats s;
    s.rows = rows_;
    s.dim = dim_;
    s.zero_rows = zero_rows_;
    s.values = all_.stats();
    s.non_finite = s.values.non_finite;
    for (const auto& column : columns_) s.columns.push_back(column.stats());
    return s;
  }

 private:
  std::int64_t dim_;
  std::int64_t rows_ = 0;
  std::int64_t zero_rows_ = 0;
  Accumulator all_;
  std::vector<Accumulator> columns_;
};

DegreeStats degree_stats(const std::map<std::int64_t, std::int64_t>& histogram, std::int64_t nodes,
                         std::int64_t edges) {
  DegreeStats s;
  if (nodes == 0) return s;
  s.min = histogram.begin()->first;
  s.max = histogram.rbegin()->first;
  s.mean = static_cast<double>(edges) / static_cast<double>(nodes);
  const auto zero = histogram.find(0);
  s.zero = zero == histogram.end() ? 0 : zero->second;
  for (const auto& [p, out] : {std::pair{0.5, &s.p50}, {0.9, &s.p90}, {0.99, &s.p99}}) {
    const auto rank = static_cast<std::int64_t>(std::ceil(p * static_cast<double>(nodes)));
    std::int64_t seen = 0;
    for (const auto& [degree, count] : histogram) {
      seen += count;
      if (seen >= rank) {
        *out = degree;
        break;
      }
    }
  }
  return s;
}

// Degrees from an indptr dataset read in blocks; calls on_range(begin, end) with node ranges
// whose edges add up to at most block_edges (a single node may exceed it).
template <class OnRange>
std::map<std::int64_t, std::int64_t> degree_histogram(const h5::File& file, const char* indptr,
                                                      std::int64_t nodes, std::int64_t block_edges,
                                                      OnRange&& on_range) {
  std::map<std::int64_t, std::int64_t> histogram;
  std::int64_t range_begin = 0;
  std::int64_t range_edges = 0;
  for (std::int64_t begin = 0; begin < nodes; begin += kIndptrBlock) {
    const std::int64_t end = std::min(nodes, begin + kIndptrBlock);
    const auto offsets = read_block<std::int64_t>(file, indptr, begin, end + 1);
    for (std::int64_t i = begin; i < end; ++i) {
      const std::int64_t degree = offsets[i - begin + 1] - offsets[i - begin];
      ++histogram[degree];
      if (range_edges > 0 && range_edges + degree > block_edges) {
        on_range(range_begin, i);
        range_begin = i;
        range_edges = 0;
      }
      range_edges += degree;
    }
  }
  if (range_begin < nodes) on_range(range_begin, nodes);
  return histogram;
}

}  // namespace

GraphStats compute_graph_stats(const std::filesystem::path& path, std::int64_t block_edges) {
  ZIPP_CHECK(block_edges >= 1, "graph stats: block_edges must be positive, found ", block_edges);
  const GraphReader reader = GraphReader::open(path);
  const h5::File& file = reader.file();
  GraphStats stats;
  stats.meta = reader.meta();
  const GraphMeta& m = stats.meta;

  core::Progress progress(core::str("graph info ", path.string()), m.num_edges, {.unit = "edges"});
  FeatureAccumulator edge_features(kEdgeFeatureDim, true);
  const auto user_histogram = degree_histogram(
      file, "/csr/indptr", m.num_users, block_edges, [&](std::int64_t begin, std::int64_t end) {
        const UserRows rows = reader.read_user_rows(begin, end);
        for (const std::int32_t p : rows.posts) stats.posts += p;
        for (const std::int32_t c : rows.comments) stats.comments += c;
        edge_features.add_rows(rows.features.data(), rows.num_edges());
        progress.advance(rows.num_edges());
      });
  progress.finish();
  stats.user_degree = degree_stats(user_histogram, m.num_users, m.num_edges);
  stats.edge_features = edge_features.stats();
  const auto subreddit_histogram = degree_histogram(file, "/csc/indptr", m.num_subreddits,
                                                    block_edges, [](std::int64_t, std::int64_t) {});
  stats.subreddit_degree = degree_stats(subreddit_histogram, m.num_subreddits, m.num_edges);

  FeatureAccumulator subreddit_features(m.feature_dim, false);
  const std::int64_t feature_rows =
      std::max<std::int64_t>(1, block_edges / std::max<std::int64_t>(m.feature_dim, 1));
  for (std::int64_t begin = 0; begin < m.num_subreddits; begin += feature_rows) {
    const std::int64_t end = std::min(m.num_subreddits, begin + feature_rows);
    const auto values = read_block<float>(file, "/subreddits/features", begin, end);
    subreddit_features.add_rows(values.data(), end - begin);
  }
  stats.subreddit_features = subreddit_features.stats();

  stats.aligned_users = m.num_aligned;
  if (m.has_split) {
    for (std::int64_t begin = 0; begin < m.num_edges; begin += block_edges) {
      const std::int64_t end = std::min(m.num_edges, begin + block_edges);
      for (const std::uint8_t held : read_block<std::uint8_t>(file, "/split/heldout", begin, end)) {
        stats.heldout_edges += held != 0 ? 1 : 0;
      }
    }
    stats.split_seed = h5::attribute_int64(h5::open_group(file, "/split"), "seed");
  }
  stats.has_truth = h5::exists(file, "/truth");
  if (stats.has_truth && h5::object_type(file, "/truth") == h5::ObjectType::kGroup) {
    stats.truth_members = h5::member_names(h5::open_group(file, "/truth"));
  }
  return stats;
}

}  // namespace zipp::graph
