#include "graph/csr_builder.h"

#include <limits>
#include <vector>

#include "core/check.h"
#include "graph/edge_features.h"

namespace zipp::graph {
namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int32_t>::max();

void check_record(const Interaction& r, std::size_t i, std::int64_t num_users,
                  std::int64_t num_subreddits) {
  ZIPP_CHECK_T(core::InputError, r.user >= 0 && r.user < num_users, "interaction ", i, ": user id ",
               r.user, " outside [0, ", num_users, ")");
  ZIPP_CHECK_T(core::InputError, r.subreddit >= 0 && r.subreddit < num_subreddits, "interaction ",
               i, ": subreddit id ", r.subreddit, " outside [0, ", num_subreddits, ")");
  ZIPP_CHECK_T(core::InputError, r.posts >= 0 && r.comments >= 0, "interaction ", i, " (user ",
               r.user, ", subreddit ", r.subreddit, "): negative counts posts = ", r.posts,
               ", comments = ", r.comments);
}

// A stable counting sort of `order` by key(record): returns the new order.
template <typename Key>
std::vector<std::int64_t> counting_sort(std::span<const Interaction> records,
                                        const std::vector<std::int64_t>& order,
                                        std::int64_t num_keys, Key key) {
  std::vector<std::int64_t> start(num_keys + 1, 0);
  for (const Interaction& r : records) ++start[key(r) + 1];
  for (std::int64_t k = 0; k < num_keys; ++k) start[k + 1] += start[k];
  std::vector<std::int64_t> sorted(order.size());
  for (std::int64_t i : order) sorted[start[key(records[i])]++] = i;
  return sorted;
}

std::int32_t checked_count(std::int64_t sum, const Interaction& r, const char* what) {
  ZIPP_CHECK_T(core::InputError, sum <= kMaxId, "user ", r.user, ", subreddit ", r.subreddit,
               ": summed ", what, " ", sum, " exceed the int32 range of graph.h5");
  return static_cast<std::int32_t>(sum);
}

}  // namespace

Csr build_csr(std::span<const Interaction> interactions, std::int64_t num_users,
              std::int64_t num_subreddits) {
  ZIPP_CHECK_T(core::InputError, num_users >= 0 && num_users <= kMaxId, "num_users = ", num_users,
               " outside [0, 2^31 - 1]");
  ZIPP_CHECK_T(core::InputError, num_subreddits >= 0 && num_subreddits <= kMaxId,
               "num_subreddits = ", num_subreddits, " outside [0, 2^31 - 1]");
  std::vector<std::int64_t> order(interactions.size());
  for (std::size_t i = 0; i < interactions.size(); ++i) {
    check_record(interactions[i], i, num_users, num_subreddits);
    order[i] = static_cast<std::int64_t>(i);
  }
  // By subreddit, then stably by user: sorted by (user, subreddit).
  order = counting_sort(interactions, order, num_subreddits,
                        [](const Interaction& r) { return r.subreddit; });
  order =
      counting_sort(interactions, order, num_users, [](const Interaction& r) { return r.user; });

  Csr csr;
  csr.indptr.assign(num_users + 1, 0);
  std::size_t i = 0;
  while (i < order.size()) {
    const Interaction& first = interactions[order[i]];
    std::int64_t posts = 0;
    std::int64_t comments = 0;
    for (; i < order.size(); ++i) {
      const Interaction& r = interactions[order[i]];
      if (r.user != first.user || r.subreddit != first.subreddit) break;
      posts += r.posts;
      comments += r.comments;
    }
    ZIPP_CHECK_T(core::InputError, posts + comments >= 1, "user ", first.user, ", subreddit ",
                 first.subreddit, ": an edge needs at least one post or comment, found none");
    csr.indices.push_back(static_cast<std::int32_t>(first.subreddit));
    csr.posts.push_back(checked_count(posts, first, "posts"));
    csr.comments.push_back(checked_count(comments, first, "comments"));
    ++csr.indptr[first.user + 1];
  }
  for (std::int64_t u = 0; u < num_users; ++u) csr.indptr[u + 1] += csr.indptr[u];
  csr.features =
      compute_edge_features(csr.indptr, csr.indices, csr.posts, csr.comments, num_subreddits);
  return csr;
}

Csc build_csc(const Csr& csr, std::int64_t num_subreddits) {
  const std::size_t num_edges = csr.indices.size();
  Csc csc;
  csc.indptr.assign(num_subreddits + 1, 0);
  for (std::int32_t s : csr.indices) ++csc.indptr[s + 1];
  for (std::int64_t s = 0; s < num_subreddits; ++s) csc.indptr[s + 1] += csc.indptr[s];
  std::vector<std::int64_t> next(csc.indptr.begin(), csc.indptr.end() - 1);
  csc.indices.resize(num_edges);
  csc.edge_ids.resize(num_edges);
  // Users are visited in increasing order, so each subreddit's users come out sorted.
  for (std::size_t u = 0; u + 1 < csr.indptr.size(); ++u) {
    for (std::int64_t e = csr.indptr[u]; e < csr.indptr[u + 1]; ++e) {
      const std::int64_t slot = next[csr.indices[e]]++;
      csc.indices[slot] = static_cast<std::int32_t>(u);
      csc.edge_ids[slot] = e;
    }
  }
  return csc;
}

}  // namespace zipp::graph
