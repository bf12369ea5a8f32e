// A float matrix whose rows are named: subreddit features (rows = subreddit names) and user
// alignment vectors (rows = user names), read from the input formats of docs/formats.md
// ("Subreddit features", "Alignment vectors") and matched to the graph's ids by name.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace zipp::graph {

struct NamedMatrix {
  std::string path;
  std::vector<std::string> names;  // unique
  std::int64_t dim = 0;
  std::vector<float> values;  // [names.size() * dim], every value finite

  std::int64_t rows() const { return static_cast<std::int64_t>(names.size()); }
};

// An HDF5 file with a string dataset `names_dataset` [N] and a float32 or float64 dataset
// `matrix_dataset` [N, D].
NamedMatrix read_named_matrix_h5(const std::string& path, const std::string& names_dataset,
                                 const std::string& matrix_dataset);

// A .npy matrix [N, D] (graph/ingest/npy_reader.h) with a text file of N names, one per line.
NamedMatrix read_named_matrix_npy(const std::string& path, const std::string& names_path);

// Subreddit features: .h5/.hdf5 (datasets `names` and `features`) or .npy with a names file.
// Subreddit names lose a leading "r/". ConfigError for another extension or a .npy without names.
NamedMatrix read_feature_matrix(const std::string& path, const std::string& names_path);

// Row i of the result is the file's row for names[i], or zeros when the file has none.
struct MatchedRows {
  at::Tensor rows;               // float32 [names.size(), dim]
  std::vector<bool> found;       // [names.size()]
  std::int64_t matched = 0;      // names with a row
  std::int64_t unmatched = 0;    // names without one (zero rows)
  std::int64_t unused_rows = 0;  // rows of the file that no name asked for
};
MatchedRows match_rows(const NamedMatrix& matrix, std::span<const std::string> names);

}  // namespace zipp::graph
