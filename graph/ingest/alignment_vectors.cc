#include "graph/ingest/alignment_vectors.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <ATen/ops/empty.h>

#include "core/check.h"

namespace zipp::graph {
namespace {

// Scales the row to unit length; false for a zero row.
bool normalize(std::span<float> row) {
  double sum = 0;
  for (const float v : row) sum += static_cast<double>(v) * v;
  if (sum == 0) return false;
  const double scale = 1.0 / std::sqrt(sum);
  for (float& v : row) v = static_cast<float>(v * scale);
  return true;
}

std::optional<Alignment> make_alignment(std::vector<std::int64_t> ids,
                                        const std::vector<float>& values, std::int64_t dim) {
  if (ids.empty()) return std::nullopt;
  const auto m = static_cast<std::int64_t>(ids.size());
  at::Tensor vectors = at::empty({m, dim}, at::TensorOptions().dtype(at::kFloat));
  std::copy(values.begin(), values.end(), vectors.data_ptr<float>());
  return Alignment{std::move(ids), std::move(vectors)};
}

}  // namespace

NamedMatrix read_alignment_file(const std::string& path) {
  NamedMatrix matrix = read_named_matrix_h5(path, "names", "vectors");
  for (std::int64_t i = 0; i < matrix.rows(); ++i) {
    normalize(std::span<float>(matrix.values.data() + i * matrix.dim, matrix.dim));
  }
  return matrix;
}

std::optional<Alignment> alignment_from_matrix(const NamedMatrix& matrix,
                                               std::span<const std::string> user_names,
                                               AlignmentReport* report) {
  AlignmentReport local;
  AlignmentReport& out = report != nullptr ? *report : local;
  out.source = matrix.path;
  std::unordered_map<std::string_view, std::int64_t> user_of;
  user_of.reserve(user_names.size());
  for (std::size_t u = 0; u < user_names.size(); ++u) {
    user_of.emplace(user_names[u], static_cast<std::int64_t>(u));
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> rows;  // (user, matrix row)
  for (std::int64_t i = 0; i < matrix.rows(); ++i) {
    const auto it = user_of.find(matrix.names[i]);
    if (it == user_of.end()) {
      ++out.unmatched_rows;
    } else {
      rows.emplace_back(it->second, i);
    }
  }
  std::sort(rows.begin(), rows.end());
  std::vector<std::int64_t> ids;
  std::vector<float> values;
  values.reserve(rows.size() * matrix.dim);
  for (const auto& [user, row] : rows) {
    std::vector<float> vector(matrix.values.begin() + row * matrix.dim,
                              matrix.values.begin() + (row + 1) * matrix.dim);
    if (!normalize(vector)) {
      ++out.zero_vectors;
      continue;
    }
    ids.push_back(user);
    values.insert(values.end(), vector.begin(), vector.end());
  }
  out.users = static_cast<std::int64_t>(ids.size());
  return make_alignment(std::move(ids), values, matrix.dim);
}

std::optional<Alignment> alignment_from_titles(
    std::span<const std::pair<std::int64_t, const std::vector<std::string>*>> titles,
    const TextEmbedder& embedder, std::int64_t max_titles_per_user, AlignmentReport* report) {
  AlignmentReport local;
  AlignmentReport& out = report != nullptr ? *report : local;
  out.source = "image-post titles";
  const std::int64_t dim = embedder.dim();
  std::vector<std::int64_t> ids;
  std::vector<float> values;
  std::vector<float> sum(dim);
  std::vector<float> one(dim);
  std::int64_t previous = -1;
  for (const auto& [user, list] : titles) {
    ZIPP_ASSERT(user > previous, "alignment_from_titles: user ids must increase, found ", user,
                " after ", previous);
    previous = user;
    std::fill(sum.begin(), sum.end(), 0.0F);
    const auto used =
        std::min<std::int64_t>(static_cast<std::int64_t>(list->size()), max_titles_per_user);
    out.titles_over_limit += static_cast<std::int64_t>(list->size()) - used;
    for (std::int64_t t = 0; t < used; ++t) {
      embedder.embed((*list)[t], one);
      for (std::int64_t d = 0; d < dim; ++d) sum[d] += one[d];
    }
    out.titles += used;
    if (used == 0) continue;
    if (!normalize(sum)) {
      ++out.zero_vectors;
      continue;
    }
    ids.push_back(user);
    values.insert(values.end(), sum.begin(), sum.end());
  }
  out.users = static_cast<std::int64_t>(ids.size());
  return make_alignment(std::move(ids), values, dim);
}

}  // namespace zipp::graph
