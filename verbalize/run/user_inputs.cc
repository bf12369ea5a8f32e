#include "verbalize/run/user_inputs.h"

#include <algorithm>

#include "core/error.h"
#include "core/str.h"

namespace zipp::verbalize {
namespace {

RankedSubreddit ranked_of(std::int64_t s, double weight, const SubredditText& text) {
  if (s < 0 || s >= static_cast<std::int64_t>(text.names.size())) {
    throw core::InputError(core::str("subreddit id ", s, " is outside the graph's ",
                                     text.names.size(), " subreddits"));
  }
  const auto i = static_cast<std::size_t>(s);
  return {text.names[i], weight, i < text.descriptions.size() ? text.descriptions[i] : ""};
}

}  // namespace

std::vector<UserInput> attention_inputs(const training::EmbeddingRows& rows,
                                        const SubredditText& text, std::int64_t top_k) {
  std::vector<UserInput> out;
  const at::Tensor subs = rows.top_subreddits.contiguous();
  const at::Tensor weights = rows.top_weights.contiguous();
  const std::int64_t k = subs.size(1);
  const auto* s = subs.data_ptr<std::int64_t>();
  const auto* w = weights.data_ptr<float>();
  for (std::size_t u = 0; u < rows.ids.size(); ++u) {
    UserInput input{rows.ids[u], rows.names[u], {}};
    for (std::int64_t j = 0; j < k && j < top_k; ++j) {
      const std::int64_t sub = s[static_cast<std::int64_t>(u) * k + j];
      if (sub < 0) break;
      input.ranked.push_back(ranked_of(sub, w[static_cast<std::int64_t>(u) * k + j], text));
    }
    out.push_back(std::move(input));
  }
  return out;
}

std::vector<UserInput> interaction_inputs(const graph::UserRows& rows,
                                          const std::vector<std::string>& user_names,
                                          const SubredditText& text, std::int64_t top_k) {
  std::vector<UserInput> out;
  for (std::int64_t u = rows.begin; u < rows.end; ++u) {
    const auto b = rows.indptr[u - rows.begin] - rows.edge_begin();
    const auto e = rows.indptr[u - rows.begin + 1] - rows.edge_begin();
    std::vector<std::pair<std::int64_t, std::int32_t>> edges;  // (interactions, subreddit)
    double total = 0;
    for (auto i = b; i < e; ++i) {
      const std::int64_t n = std::int64_t{rows.posts[i]} + rows.comments[i];
      edges.emplace_back(n, rows.indices[i]);
      total += static_cast<double>(n);
    }
    std::sort(edges.begin(), edges.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    UserInput input{u, user_names[static_cast<std::size_t>(u - rows.begin)], {}};
    for (std::size_t j = 0; j < edges.size() && static_cast<std::int64_t>(j) < top_k; ++j) {
      const double weight = total > 0 ? static_cast<double>(edges[j].first) / total : 0.0;
      input.ranked.push_back(ranked_of(edges[j].second, weight, text));
    }
    out.push_back(std::move(input));
  }
  return out;
}

}  // namespace zipp::verbalize
