#include "training/embed/user_embedder.h"

#include <algorithm>
#include <numeric>

#include <ATen/ops/full.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "core/check.h"
#include "core/error.h"
#include "core/tensor_vector.h"

namespace zipp::training {

TopSubreddits rank_by_attention(const at::Tensor& attention,
                                std::span<const std::int64_t> edge_user,
                                std::span<const std::int64_t> edge_global, std::int64_t num_users,
                                std::int64_t top_k) {
  const auto num_edges = static_cast<std::int64_t>(edge_user.size());
  ZIPP_CHECK_T(core::InputError, top_k >= 1, "attention ranking: top_k must be at least 1, found ",
               top_k);
  ZIPP_CHECK_T(core::InputError,
               attention.dim() == 2 && attention.size(0) == num_edges &&
                   edge_global.size() == edge_user.size(),
               "attention ranking: expected attention [", num_edges, ", heads] and ", num_edges,
               " subreddit ids, found attention ", attention.sizes(), " and ", edge_global.size(),
               " ids");
  // The mean over heads, as docs method §2 ranks a user's subreddits.
  const std::vector<float> weight =
      core::tensor_to_vector<float>(attention.detach().to(at::kFloat).cpu().mean(1));

  // Edges grouped by user (counting sort), so each user's ranking sees only its own edges.
  TopSubreddits out;
  out.degree.assign(static_cast<std::size_t>(num_users), 0);
  for (const std::int64_t u : edge_user) {
    ZIPP_CHECK_T(core::InputError, u >= 0 && u < num_users, "attention ranking: edge user ", u,
                 " is outside [0, ", num_users, ")");
    ++out.degree[u];
  }
  std::vector<std::int64_t> start(static_cast<std::size_t>(num_users) + 1, 0);
  std::partial_sum(out.degree.begin(), out.degree.end(), start.begin() + 1);
  std::vector<std::int64_t> order(static_cast<std::size_t>(num_edges));
  std::vector<std::int64_t> next(start.begin(), start.end() - 1);
  for (std::int64_t e = 0; e < num_edges; ++e) order[next[edge_user[e]]++] = e;

  out.ids = at::full({num_users, top_k}, -1, at::TensorOptions().dtype(at::kLong));
  out.weights = at::full({num_users, top_k}, 0.0, at::TensorOptions().dtype(at::kFloat));
  auto* ids = out.ids.data_ptr<std::int64_t>();
  auto* weights = out.weights.data_ptr<float>();
  const auto higher = [&](std::int64_t a, std::int64_t b) {
    if (weight[a] != weight[b]) return weight[a] > weight[b];
    return edge_global[a] < edge_global[b];
  };
  for (std::int64_t u = 0; u < num_users; ++u) {
    const auto first = order.begin() + start[u];
    const auto last = order.begin() + start[u + 1];
    const std::int64_t kept = std::min<std::int64_t>(top_k, last - first);
    std::partial_sort(first, first + kept, last, higher);
    for (std::int64_t j = 0; j < kept; ++j) {
      ids[u * top_k + j] = edge_global[first[j]];
      weights[u * top_k + j] = weight[first[j]];
    }
  }
  return out;
}

EmbeddedUsers embed_users(PersonaModel& model, const UserBlock& block, std::int64_t top_k) {
  torch::NoGradGuard no_grad;
  model->eval();
  const EncoderOutput encoded = model->encoder()->forward(block.input, AttentionOutput::kReturn);
  ZIPP_CHECK_T(core::InternalError, encoded.attention.defined(),
               "embedding: the encoder returned no attention weights");
  TopSubreddits top = rank_by_attention(encoded.attention, block.edge_user, block.edge_global,
                                        block.input.num_users, top_k);
  EmbeddedUsers out;
  out.embeddings = encoded.users.to(at::kFloat).cpu().contiguous();
  out.top_subreddits = std::move(top.ids);
  out.top_weights = std::move(top.weights);
  out.degree = std::move(top.degree);
  return out;
}

}  // namespace zipp::training
