#include "training/eval/tfidf_scorer.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/zeros.h>

#include "core/check.h"
#include "core/comm/control.h"
#include "core/error.h"
#include "training/eval/popularity_scorer.h"

namespace zipp::training {
namespace {

constexpr double kMinNorm = 1e-12;

at::Tensor unit_rows(const at::Tensor& x) {
  return x.div(x.norm(2, {1}, /*keepdim=*/true).clamp_min(kMinNorm));
}

}  // namespace

TfIdfScorer::TfIdfScorer(const partition::Shard& shard, const at::Tensor& features,
                         const core::comm::Communicator& comm)
    : shard_(shard) {
  ZIPP_CHECK_T(core::InputError,
               features.defined() && features.dim() == 2 &&
                   features.size(0) == shard.global_subreddits &&
                   features.scalar_type() == at::kFloat,
               "TF-IDF baseline: the feature table must be float32 [global_subreddits = ",
               shard.global_subreddits, ", D], found ",
               features.defined() ? features.sizes() : at::IntArrayRef{}, " ",
               features.defined() ? features.scalar_type() : at::kFloat);
  // Document frequencies equal edge counts (a user has at most one edge per subreddit); the last
  // slot counts the documents.
  std::vector<std::int64_t> counts = local_trainable_counts(shard);
  std::int64_t documents = 0;
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    documents += trainable_edges(shard, u).empty() ? 0 : 1;
  }
  counts.push_back(documents);
  counts = core::comm::allreduce_sum_ints(comm, std::move(counts));
  const auto n = static_cast<double>(counts.back());
  idf_ = at::empty({shard.global_subreddits}, at::kFloat);
  float* idf = idf_.data_ptr<float>();
  for (std::int64_t s = 0; s < shard.global_subreddits; ++s) {
    idf[s] = n > 0 ? static_cast<float>(std::log(n / (1.0 + static_cast<double>(counts[s])))) : 0;
  }
  unit_features_ = unit_rows(features.contiguous());
}

at::Tensor TfIdfScorer::profiles(std::span<const std::int64_t> local_users) const {
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> terms;
  std::vector<float> weights;
  const float* idf = idf_.data_ptr<float>();
  for (std::size_t i = 0; i < local_users.size(); ++i) {
    const std::vector<std::int64_t> edges = trainable_edges(shard_, local_users[i]);
    std::int64_t total = 0;
    for (const std::int64_t e : edges) total += shard_.csr.posts[e] + shard_.csr.comments[e];
    for (const std::int64_t e : edges) {
      const std::int64_t s = shard_.subreddit_ids[shard_.csr.indices[e]];
      const double tf = static_cast<double>(shard_.csr.posts[e] + shard_.csr.comments[e]) /
                        static_cast<double>(total);
      rows.push_back(static_cast<std::int64_t>(i));
      terms.push_back(s);
      weights.push_back(static_cast<float>(tf * idf[s]));
    }
  }
  const auto m = static_cast<std::int64_t>(rows.size());
  const at::Tensor row_t = at::from_blob(rows.data(), {m}, at::kLong);
  const at::Tensor term_t = at::from_blob(terms.data(), {m}, at::kLong);
  const at::Tensor weight_t = at::from_blob(weights.data(), {m, 1}, at::kFloat);
  at::Tensor sum = at::zeros(
      {static_cast<std::int64_t>(local_users.size()), unit_features_.size(1)}, at::kFloat);
  sum.index_add_(0, row_t, unit_features_.index_select(0, term_t).mul(weight_t));
  return unit_rows(sum);
}

at::Tensor TfIdfScorer::score(std::span<const std::int64_t> local_users) {
  return at::mm(profiles(local_users), unit_features_.t());
}

}  // namespace zipp::training
