#include "training/eval/archetype_recovery.h"

#include <algorithm>
#include <set>
#include <vector>

#include <ATen/ops/tensor.h>

#include "core/check.h"
#include "core/error.h"
#include "core/io/h5_file.h"
#include "graph/synth/truth_reader.h"
#include "training/embed/embeddings_file.h"
#include "training/eval/clustering.h"

namespace zipp::training {

ArchetypeRecovery archetype_recovery(const std::filesystem::path& embeddings,
                                     const std::filesystem::path& graph, std::int64_t max_users,
                                     std::uint64_t seed) {
  const core::h5::File file = core::h5::File::open(graph, core::h5::Access::kRead);
  ZIPP_CHECK_T(core::InputError, graph::synth::has_truth(file), graph.string(),
               " has no /truth: archetype recovery needs a graph from zipp graph synth");
  const EmbeddingsMeta meta = read_embeddings_meta(embeddings);
  const std::int64_t n = std::min(max_users, meta.num_users);
  ArchetypeRecovery result;
  if (n <= 0) return result;
  // Synthetic users are drawn independently by id, so the first rows are a uniform sample.
  const EmbeddingRows users = read_embeddings(embeddings, 0, n);
  std::vector<std::int64_t> kept;
  std::int64_t low = -1;
  std::int64_t high = -1;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t id = users.ids[i];
    if (id < 0) continue;  // a new user: no ground truth
    kept.push_back(i);
    low = low < 0 ? id : std::min(low, id);
    high = std::max(high, id);
  }
  if (kept.empty()) return result;
  const graph::synth::UserTruth t = graph::synth::read_user_truth(file, low, high + 1);
  const std::vector<std::int32_t> dominant = dominant_archetypes(t);
  std::vector<std::int32_t> truth;
  for (std::int64_t i : kept) truth.push_back(dominant[users.ids[i] - low]);
  const at::Tensor points =
      users.embeddings.index_select(0, at::tensor(kept, at::TensorOptions().dtype(at::kLong)));
  const std::set<std::int32_t> distinct(truth.begin(), truth.end());
  result.users = static_cast<std::int64_t>(kept.size());
  result.clusters = static_cast<int>(std::min<std::size_t>(distinct.size(), kept.size()));
  const std::vector<std::int32_t> clusters = kmeans(points, result.clusters, seed);
  result.nmi = normalized_mutual_information(clusters, truth);
  return result;
}

}  // namespace zipp::training
