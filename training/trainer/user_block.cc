#include "training/trainer/user_block.h"

#include <unordered_map>

#include "core/check.h"
#include "core/error.h"
#include "core/tensor_vector.h"

namespace zipp::training {
namespace {

// Accumulates edges user by user and numbers each global subreddit's block row at first use,
// whatever the edges come from.
class BlockBuilder {
 public:
  void add_edge(std::int64_t user, std::int64_t global, float e1, float e2) {
    const auto [it, inserted] =
        row_of_.emplace(global, static_cast<std::int64_t>(out_.block_global.size()));
    if (inserted) out_.block_global.push_back(global);
    out_.edge_user.push_back(user);
    out_.edge_global.push_back(global);
    edge_block_.push_back(it->second);
    edge_features_.push_back(e1);
    edge_features_.push_back(e2);
  }

  UserBlock finish(std::int64_t num_users, const at::Tensor& full_table) {
    const auto e = static_cast<std::int64_t>(out_.edge_user.size());
    out_.input.num_users = num_users;
    out_.input.edge_user = core::tensor_view(out_.edge_user, at::kLong).clone();
    out_.input.edge_subreddit = core::tensor_view(edge_block_, at::kLong).clone();
    out_.input.edge_features = core::tensor_view(edge_features_, at::kFloat, {e, 2}).clone();
    out_.input.subreddit_features = full_table.index_select(
        0, core::tensor_view(out_.block_global, at::kLong).to(full_table.device()));
    return std::move(out_);
  }

 private:
  UserBlock out_;
  std::vector<std::int64_t> edge_block_;
  std::vector<float> edge_features_;
  std::unordered_map<std::int64_t, std::int64_t> row_of_;  // global subreddit -> block row
};

}  // namespace

UserBlock user_block(const partition::Shard& shard, std::span<const std::int64_t> local_users,
                     EdgeSelection selection, const at::Tensor& full_table,
                     std::int64_t max_edges_per_user) {
  ZIPP_CHECK_T(core::InputError,
               full_table.dim() == 2 && full_table.size(0) == shard.global_subreddits,
               "user block: expected the whole feature table [", shard.global_subreddits,
               ", D], found ", full_table.sizes());
  BlockBuilder builder;
  const bool skip_heldout = selection == EdgeSelection::kTrainable && shard.split.has_value();
  for (std::size_t i = 0; i < local_users.size(); ++i) {
    const std::int64_t u = local_users[i];
    ZIPP_CHECK_T(core::InputError, u >= 0 && u < shard.num_users(), "user block: local user ", u,
                 " is outside [0, ", shard.num_users(), ") of part ", shard.part);
    std::int64_t kept = 0;
    for (std::int64_t e = shard.csr.indptr[u]; e < shard.csr.indptr[u + 1]; ++e) {
      if (skip_heldout && shard.split->heldout[e] != 0) continue;
      if (max_edges_per_user > 0 && kept == max_edges_per_user) break;
      ++kept;
      builder.add_edge(static_cast<std::int64_t>(i), shard.subreddit_ids[shard.csr.indices[e]],
                       shard.csr.features[2 * e], shard.csr.features[2 * e + 1]);
    }
  }
  return builder.finish(static_cast<std::int64_t>(local_users.size()), full_table);
}

UserBlock user_block(const graph::UserRows& rows, const at::Tensor& full_table) {
  const std::int64_t num_users = rows.end - rows.begin;
  ZIPP_CHECK_T(core::InputError,
               num_users >= 0 && rows.indptr.size() == static_cast<std::size_t>(num_users + 1),
               "user block: user rows [", rows.begin, ", ", rows.end, ") need ", num_users + 1,
               " indptr entries, found ", rows.indptr.size());
  const auto edges = static_cast<std::size_t>(rows.num_edges());
  ZIPP_CHECK_T(core::InputError, rows.indices.size() == edges && rows.features.size() == 2 * edges,
               "user block: user rows [", rows.begin, ", ", rows.end, ") hold ", edges,
               " edges but ", rows.indices.size(), " subreddit ids and ", rows.features.size(),
               " feature values");
  ZIPP_CHECK_T(core::InputError, full_table.dim() == 2,
               "user block: expected the whole feature table [S, D], found ", full_table.sizes());
  const std::int64_t num_subreddits = full_table.size(0);
  BlockBuilder builder;
  const std::int64_t first = rows.edge_begin();
  for (std::int64_t i = 0; i < num_users; ++i) {
    for (std::int64_t e = rows.indptr[i] - first; e < rows.indptr[i + 1] - first; ++e) {
      const std::int64_t global = rows.indices[e];
      ZIPP_CHECK_T(core::InputError, global >= 0 && global < num_subreddits, "user block: user ",
                   rows.begin + i, " has an edge to subreddit ", global,
                   " outside the feature table's [0, ", num_subreddits, ")");
      builder.add_edge(i, global, rows.features[2 * e], rows.features[2 * e + 1]);
    }
  }
  return builder.finish(num_users, full_table);
}

}  // namespace zipp::training
