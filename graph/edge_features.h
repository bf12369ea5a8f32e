// The two edge features of the method (docs method §1), the same at training and inference:
//   e1 = log(1 + n_us) / (sqrt(N_u) * sqrt(N_s)),  e2 = comments_us / n_us,
// with n_us = posts_us + comments_us and N_u, N_s the sums of n_us over a user's and a
// subreddit's edges. Sums are exact (int64) and the formulas run in float64; only the stored
// result is float32.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace zipp::graph {

double edge_e1(std::int64_t n_us, std::int64_t user_total, std::int64_t subreddit_total);
double edge_e2(std::int64_t posts, std::int64_t comments);

// N_u for every user of a CSR (indptr [U+1]) and N_s for every subreddit.
std::vector<std::int64_t> user_totals(std::span<const std::int64_t> indptr,
                                      std::span<const std::int32_t> posts,
                                      std::span<const std::int32_t> comments);
std::vector<std::int64_t> subreddit_totals(std::int64_t num_subreddits,
                                           std::span<const std::int32_t> indices,
                                           std::span<const std::int32_t> posts,
                                           std::span<const std::int32_t> comments);

// (e1, e2) per CSR edge, row-major [E * 2]. Every edge needs posts + comments >= 1.
std::vector<float> compute_edge_features(std::span<const std::int64_t> indptr,
                                         std::span<const std::int32_t> indices,
                                         std::span<const std::int32_t> posts,
                                         std::span<const std::int32_t> comments,
                                         std::int64_t num_subreddits);

}  // namespace zipp::graph
