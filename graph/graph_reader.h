// Reads graph.h5 (docs/formats.md "Bipartite graph") by parts, so a rank holds only its users:
// opening checks the format version and every dataset's dtype and shape against the root
// counts; read_user_rows reads one user range of the CSR (an indptr slice, then those rows'
// edges only). Errors are Hdf5Error / InputError naming the file and the dataset.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/io/h5_file.h"
#include "graph/bipartite_graph.h"

namespace zipp::graph {

struct GraphMeta {
  std::int64_t format_version = 0;
  std::int64_t num_users = 0;
  std::int64_t num_subreddits = 0;
  std::int64_t num_edges = 0;
  std::int64_t feature_dim = 0;    // D of /subreddits/features
  std::int64_t alignment_dim = 0;  // Da, 0 without /users/alignment
  std::int64_t num_aligned = 0;    // M
  bool has_split = false;
  std::string source;
};

// Users [begin, end) of the CSR. indptr holds end - begin + 1 absolute offsets into the file's
// edge arrays; the edge vectors hold edges [indptr.front(), indptr.back()).
struct UserRows {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::vector<std::int64_t> indptr;
  std::vector<std::int32_t> indices;
  std::vector<std::int32_t> posts;
  std::vector<std::int32_t> comments;
  std::vector<float> features;  // [edges * 2]

  std::int64_t edge_begin() const { return indptr.front(); }
  std::int64_t num_edges() const { return indptr.back() - indptr.front(); }
};

class GraphReader {
 public:
  static GraphReader open(const std::filesystem::path& path);

  const GraphMeta& meta() const { return meta_; }
  const core::h5::File& file() const { return file_; }

  UserRows read_user_rows(std::int64_t begin, std::int64_t end) const;
  at::Tensor subreddit_features() const;  // float32 [S, D]
  std::vector<std::string> subreddit_names() const;
  std::vector<std::string> subreddit_descriptions() const;
  std::vector<std::string> user_names(std::int64_t begin, std::int64_t end) const;
  // The whole graph: for tests, tools and graphs that fit in memory.
  BipartiteGraph read_all() const;

 private:
  GraphReader(core::h5::File file, GraphMeta meta) : file_(std::move(file)), meta_(meta) {}
  void check_user_range(std::int64_t begin, std::int64_t end) const;

  core::h5::File file_;
  GraphMeta meta_;
};

// The metadata of an open graph.h5 after checking format_version and every dataset's dtype and
// shape (graph/validate.h builds on it).
GraphMeta check_graph_layout(const core::h5::File& file);

}  // namespace zipp::graph
