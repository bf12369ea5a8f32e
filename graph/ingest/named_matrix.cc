#include "graph/ingest/named_matrix.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include <ATen/ops/zeros.h>

#include "core/check.h"
#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/text/ascii_case.h"
#include "graph/ingest/compressed_input.h"
#include "graph/ingest/npy_reader.h"
#include "graph/ingest/subreddit_metadata.h"

namespace zipp::graph {
namespace {

namespace h5 = core::h5;

std::string lower_extension(const std::string& path) {
  return core::ascii_lower(std::filesystem::path(path).extension().string());
}

// Unique names and finite values, checked once for every format.
void check_matrix(const NamedMatrix& m) {
  std::unordered_map<std::string_view, std::int64_t> seen;
  for (std::int64_t i = 0; i < m.rows(); ++i) {
    const auto [it, inserted] = seen.try_emplace(m.names[i], i);
    ZIPP_CHECK_T(core::InputError, inserted, m.path, ": name ", core::quoted(m.names[i]),
                 " appears twice (rows ", it->second, " and ", i, "); each row needs its own name");
    ZIPP_CHECK_T(core::InputError, !m.names[i].empty(), m.path, ": row ", i, " has an empty name");
  }
  for (std::size_t k = 0; k < m.values.size(); ++k) {
    if (std::isfinite(m.values[k])) continue;
    const auto row = static_cast<std::int64_t>(k) / std::max<std::int64_t>(m.dim, 1);
    throw core::InputError(core::str(m.path, ": row ", row, " (", core::quoted(m.names[row]),
                                     ") column ", static_cast<std::int64_t>(k) - row * m.dim,
                                     " holds ", m.values[k], "; every value must be finite"));
  }
}

std::vector<std::string> read_name_lines(const std::string& path) {
  CompressedInput input(path);
  std::vector<std::string> names;
  std::string_view line;
  while (input.next_line(line)) {
    ZIPP_CHECK_T(core::InputError, !line.empty(), path, ':', input.line_number(),
                 ": empty line (the names file needs one name per matrix row)");
    names.emplace_back(line);
  }
  return names;
}

}  // namespace

NamedMatrix read_named_matrix_h5(const std::string& path, const std::string& names_dataset,
                                 const std::string& matrix_dataset) {
  const h5::File file = h5::File::open(path, h5::Access::kRead);
  NamedMatrix m;
  m.path = path;
  m.names = h5::read_strings(file, names_dataset);
  const h5::DatasetInfo info = h5::dataset_info(file, matrix_dataset);
  ZIPP_CHECK_T(core::InputError, info.type_name == "float32" || info.type_name == "float64", path,
               ": /", matrix_dataset, " holds ", info.type_name, ", expected float32 or float64");
  ZIPP_CHECK_T(core::InputError, info.shape.size() == 2, path, ": /", matrix_dataset, " has shape ",
               h5::shape_text(info.shape), ", expected a 2-D matrix [N, D]");
  ZIPP_CHECK_T(core::InputError, info.shape[0] == m.rows(), path, ": /", matrix_dataset, " has ",
               info.shape[0], " rows but /", names_dataset, " has ", m.rows(),
               " names (shape mismatch: one name per row)");
  m.dim = info.shape[1];
  const at::Tensor values = h5::read_tensor(file, matrix_dataset).to(at::kFloat).contiguous();
  m.values.resize(values.numel());
  if (!m.values.empty()) {
    std::memcpy(m.values.data(), values.data_ptr<float>(), m.values.size() * sizeof(float));
  }
  check_matrix(m);
  return m;
}

NamedMatrix read_named_matrix_npy(const std::string& path, const std::string& names_path) {
  NpyMatrix npy = read_npy_matrix(path);
  NamedMatrix m{.path = path,
                .names = read_name_lines(names_path),
                .dim = npy.cols,
                .values = std::move(npy.values)};
  ZIPP_CHECK_T(core::InputError, m.rows() == npy.rows, path, " has ", npy.rows, " rows but ",
               names_path, " has ", m.rows(), " names (shape mismatch: one name per row)");
  check_matrix(m);
  return m;
}

NamedMatrix read_feature_matrix(const std::string& path, const std::string& names_path) {
  const std::string ext = lower_extension(path);
  NamedMatrix m;
  if (ext == ".h5" || ext == ".hdf5") {
    m = read_named_matrix_h5(path, "names", "features");
  } else if (ext == ".npy") {
    ZIPP_CHECK_T(core::ConfigError, !names_path.empty(), "subreddit features ", core::quoted(path),
                 ": a .npy matrix needs a names file (ingest.features_names)");
    m = read_named_matrix_npy(path, names_path);
  } else {
    throw core::ConfigError(core::str("subreddit features ", core::quoted(path),
                                      ": expected a .npy, .h5 or .hdf5 file"));
  }
  for (auto& name : m.names) name = std::string(strip_subreddit_prefix(name));
  check_matrix(m);
  return m;
}

MatchedRows match_rows(const NamedMatrix& matrix, std::span<const std::string> names) {
  std::unordered_map<std::string_view, std::int64_t> row_of;
  row_of.reserve(matrix.names.size());
  for (std::int64_t i = 0; i < matrix.rows(); ++i) row_of.emplace(matrix.names[i], i);
  MatchedRows out;
  const auto n = static_cast<std::int64_t>(names.size());
  out.rows = at::zeros({n, matrix.dim}, at::TensorOptions().dtype(at::kFloat));
  out.found.assign(names.size(), false);
  float* rows = out.rows.data_ptr<float>();
  for (std::int64_t i = 0; i < n; ++i) {
    const auto it = row_of.find(names[i]);
    if (it == row_of.end()) {
      ++out.unmatched;
      continue;
    }
    ++out.matched;
    out.found[i] = true;
    std::copy_n(matrix.values.begin() + it->second * matrix.dim, matrix.dim, rows + i * matrix.dim);
  }
  out.unused_rows = matrix.rows() - out.matched;
  return out;
}

}  // namespace zipp::graph
