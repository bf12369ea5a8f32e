#include "training/embed/new_users.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "core/check.h"
#include "core/error.h"
#include "graph/edge_features.h"
#include "graph/ingest/edge_list_reader.h"

namespace zipp::training {

std::vector<std::int64_t> graph_subreddit_totals(const graph::GraphReader& reader,
                                                 std::int64_t begin, std::int64_t end,
                                                 std::int64_t chunk_users) {
  ZIPP_CHECK_T(core::InputError, chunk_users >= 1, "subreddit totals: chunk_users must be >= 1");
  const std::int64_t num_subreddits = reader.meta().num_subreddits;
  std::vector<std::int64_t> totals(static_cast<std::size_t>(num_subreddits), 0);
  for (std::int64_t b = begin; b < end; b += chunk_users) {
    const graph::UserRows rows = reader.read_user_rows(b, std::min(end, b + chunk_users));
    for (std::size_t e = 0; e < rows.indices.size(); ++e) {
      totals[rows.indices[e]] += std::int64_t{rows.posts[e]} + rows.comments[e];
    }
  }
  return totals;
}

NewUsers read_new_users(const std::filesystem::path& edge_list,
                        std::span<const std::string> graph_subreddits,
                        std::span<const std::int64_t> subreddit_totals) {
  ZIPP_CHECK_T(core::InternalError, subreddit_totals.size() == graph_subreddits.size(),
               "new users: ", subreddit_totals.size(), " subreddit totals for ",
               graph_subreddits.size(), " subreddits");
  graph::ReadReport report;
  const std::string path = edge_list.string();
  graph::EdgeTable table =
      graph::read_edge_lists(std::span<const std::string>(&path, 1), {}, &report);

  std::unordered_map<std::string_view, std::int64_t> graph_id;
  graph_id.reserve(graph_subreddits.size());
  for (std::size_t s = 0; s < graph_subreddits.size(); ++s) {
    graph_id.emplace(graph_subreddits[s], static_cast<std::int64_t>(s));
  }
  NewUsers out;
  out.records = report.records();
  out.malformed = report.malformed();
  std::vector<std::int64_t> to_graph(table.subreddits.size(), -1);
  std::vector<bool> unknown_used(table.subreddits.size(), false);
  for (std::size_t s = 0; s < table.subreddits.size(); ++s) {
    const auto it = graph_id.find(table.subreddits[s]);
    if (it != graph_id.end()) to_graph[s] = it->second;
  }

  // Known interactions grouped by user, then per user by subreddit, repeats summed.
  const auto num_users = static_cast<std::int64_t>(table.users.size());
  std::vector<graph::Interaction> known;
  known.reserve(table.interactions.size());
  for (const graph::Interaction& i : table.interactions) {
    const std::int64_t global = to_graph[i.subreddit];
    if (global < 0) {
      unknown_used[i.subreddit] = true;
      continue;
    }
    known.push_back({i.user, global, i.posts, i.comments});
  }
  std::sort(known.begin(), known.end(),
            [](const graph::Interaction& a, const graph::Interaction& b) {
              return a.user != b.user ? a.user < b.user : a.subreddit < b.subreddit;
            });
  out.unknown_subreddits = std::count(unknown_used.begin(), unknown_used.end(), true);

  graph::UserRows& rows = out.rows;
  rows.begin = 0;
  rows.end = num_users;
  rows.indptr.assign(static_cast<std::size_t>(num_users) + 1, 0);
  for (std::size_t k = 0; k < known.size();) {
    std::size_t j = k;
    std::int64_t posts = 0;
    std::int64_t comments = 0;
    for (; j < known.size() && known[j].user == known[k].user &&
           known[j].subreddit == known[k].subreddit;
         ++j) {
      posts += known[j].posts;
      comments += known[j].comments;
    }
    ZIPP_CHECK_T(core::InputError,
                 posts < (std::int64_t{1} << 31) && comments < (std::int64_t{1} << 31), path,
                 ": user ", table.users[known[k].user], " and subreddit ",
                 graph_subreddits[known[k].subreddit], ": summed counts exceed 2^31 - 1 (posts ",
                 posts, ", comments ", comments, ")");
    ++rows.indptr[known[k].user + 1];
    rows.indices.push_back(static_cast<std::int32_t>(known[k].subreddit));
    rows.posts.push_back(static_cast<std::int32_t>(posts));
    rows.comments.push_back(static_cast<std::int32_t>(comments));
    k = j;
  }
  std::partial_sum(rows.indptr.begin(), rows.indptr.end(), rows.indptr.begin());
  out.known_edges = static_cast<std::int64_t>(rows.indices.size());
  for (const graph::Interaction& i : table.interactions) {
    if (to_graph[i.subreddit] < 0) ++out.unknown_edges;
  }

  const std::vector<std::int64_t> user_totals =
      graph::user_totals(rows.indptr, rows.posts, rows.comments);
  rows.features.resize(2 * rows.indices.size());
  for (std::int64_t u = 0; u < num_users; ++u) {
    if (rows.indptr[u] == rows.indptr[u + 1]) ++out.users_without_edges;
    for (std::int64_t e = rows.indptr[u]; e < rows.indptr[u + 1]; ++e) {
      const std::int64_t n = std::int64_t{rows.posts[e]} + rows.comments[e];
      const std::int64_t subreddit_total = std::max(subreddit_totals[rows.indices[e]], n);
      rows.features[2 * e] = static_cast<float>(graph::edge_e1(n, user_totals[u], subreddit_total));
      rows.features[2 * e + 1] =
          static_cast<float>(graph::edge_e2(rows.posts[e], rows.comments[e]));
    }
  }
  out.names = std::move(table.users);
  return out;
}

graph::UserRows slice_user_rows(const graph::UserRows& rows, std::int64_t begin, std::int64_t end) {
  ZIPP_CHECK_T(core::InputError, rows.begin <= begin && begin <= end && end <= rows.end,
               "user rows: [", begin, ", ", end, ") is outside [", rows.begin, ", ", rows.end, ")");
  graph::UserRows out;
  out.begin = begin;
  out.end = end;
  out.indptr.assign(rows.indptr.begin() + (begin - rows.begin),
                    rows.indptr.begin() + (end - rows.begin) + 1);
  const std::int64_t first = out.indptr.front() - rows.edge_begin();
  const std::int64_t last = out.indptr.back() - rows.edge_begin();
  out.indices.assign(rows.indices.begin() + first, rows.indices.begin() + last);
  out.posts.assign(rows.posts.begin() + first, rows.posts.begin() + last);
  out.comments.assign(rows.comments.begin() + first, rows.comments.begin() + last);
  out.features.assign(rows.features.begin() + 2 * first, rows.features.begin() + 2 * last);
  return out;
}

}  // namespace zipp::training
