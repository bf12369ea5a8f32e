#include "graph/edge_features.h"

#include <cmath>

#include "core/check.h"

namespace zipp::graph {

double edge_e1(std::int64_t n_us, std::int64_t user_total, std::int64_t subreddit_total) {
  ZIPP_CHECK_T(core::InputError, n_us >= 1 && user_total >= n_us && subreddit_total >= n_us,
               "edge feature e1 needs 1 <= n_us <= N_u, N_s; found n_us = ", n_us,
               ", N_u = ", user_total, ", N_s = ", subreddit_total);
  return std::log1p(static_cast<double>(n_us)) / (std::sqrt(static_cast<double>(user_total)) *
                                                  std::sqrt(static_cast<double>(subreddit_total)));
}

double edge_e2(std::int64_t posts, std::int64_t comments) {
  ZIPP_CHECK_T(core::InputError, posts >= 0 && comments >= 0 && posts + comments >= 1,
               "edge feature e2 needs non-negative counts with at least one interaction; found ",
               "posts = ", posts, ", comments = ", comments);
  return static_cast<double>(comments) / static_cast<double>(posts + comments);
}

std::vector<std::int64_t> user_totals(std::span<const std::int64_t> indptr,
                                      std::span<const std::int32_t> posts,
                                      std::span<const std::int32_t> comments) {
  ZIPP_ASSERT(!indptr.empty() && posts.size() == comments.size(), "malformed CSR");
  std::vector<std::int64_t> totals(indptr.size() - 1, 0);
  for (std::size_t u = 0; u + 1 < indptr.size(); ++u) {
    for (std::int64_t e = indptr[u]; e < indptr[u + 1]; ++e)
      totals[u] += std::int64_t{posts[e]} + comments[e];
  }
  return totals;
}

std::vector<std::int64_t> subreddit_totals(std::int64_t num_subreddits,
                                           std::span<const std::int32_t> indices,
                                           std::span<const std::int32_t> posts,
                                           std::span<const std::int32_t> comments) {
  ZIPP_ASSERT(indices.size() == posts.size() && posts.size() == comments.size(), "malformed CSR");
  std::vector<std::int64_t> totals(num_subreddits, 0);
  for (std::size_t e = 0; e < indices.size(); ++e) {
    ZIPP_CHECK_T(core::InputError, indices[e] >= 0 && indices[e] < num_subreddits, "edge ", e,
                 ": subreddit id ", indices[e], " outside [0, ", num_subreddits, ")");
    totals[indices[e]] += std::int64_t{posts[e]} + comments[e];
  }
  return totals;
}

std::vector<float> compute_edge_features(std::span<const std::int64_t> indptr,
                                         std::span<const std::int32_t> indices,
                                         std::span<const std::int32_t> posts,
                                         std::span<const std::int32_t> comments,
                                         std::int64_t num_subreddits) {
  const std::vector<std::int64_t> per_user = user_totals(indptr, posts, comments);
  const std::vector<std::int64_t> per_subreddit =
      subreddit_totals(num_subreddits, indices, posts, comments);
  std::vector<float> features(indices.size() * 2);
  for (std::size_t u = 0; u < per_user.size(); ++u) {
    for (std::int64_t e = indptr[u]; e < indptr[u + 1]; ++e) {
      const std::int64_t n = std::int64_t{posts[e]} + comments[e];
      features[2 * e] = static_cast<float>(edge_e1(n, per_user[u], per_subreddit[indices[e]]));
      features[2 * e + 1] = static_cast<float>(edge_e2(posts[e], comments[e]));
    }
  }
  return features;
}

}  // namespace zipp::graph
