#include "graph/ingest/assemble.h"

#include <algorithm>
#include <numeric>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/check.h"
#include "core/log.h"
#include "graph/csr_builder.h"
#include "graph/ingest/author_filter.h"

namespace zipp::graph {
namespace {

void check_table(const EdgeTable& table) {
  const auto users = static_cast<std::int64_t>(table.users.size());
  const auto subreddits = static_cast<std::int64_t>(table.subreddits.size());
  for (std::size_t i = 0; i < table.interactions.size(); ++i) {
    const Interaction& r = table.interactions[i];
    ZIPP_CHECK_T(core::InputError,
                 r.user >= 0 && r.user < users && r.subreddit >= 0 && r.subreddit < subreddits,
                 "edge table: interaction ", i, " names user ", r.user, " and subreddit ",
                 r.subreddit, ", expected ids in [0, ", users, ") and [0, ", subreddits, ")");
    ZIPP_CHECK_T(core::InputError, r.posts >= 0 && r.comments >= 0, "edge table: interaction ", i,
                 " has negative counts (posts ", r.posts, ", comments ", r.comments, ")");
  }
  for (const auto& [user, titles] : table.image_titles) {
    ZIPP_CHECK_T(core::InputError, user >= 0 && user < users, "edge table: image titles for user ",
                 user, ", expected an id in [0, ", users, ")");
  }
}

std::int64_t count_of(const Interaction& r) {
  return static_cast<std::int64_t>(r.posts) + r.comments;
}

// New ids for the kept entries in name order: id_of[old] = new id, or -1 when dropped. The
// names move into `sorted`.
std::vector<std::int64_t> ids_in_name_order(std::vector<std::string>& names,
                                            const std::vector<std::uint8_t>& keep,
                                            std::vector<std::string>& sorted, const char* what) {
  std::vector<std::int64_t> order;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (keep[i]) order.push_back(static_cast<std::int64_t>(i));
  }
  std::sort(order.begin(), order.end(),
            [&](std::int64_t a, std::int64_t b) { return names[a] < names[b]; });
  std::vector<std::int64_t> id_of(names.size(), -1);
  sorted.clear();
  sorted.reserve(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    ZIPP_CHECK_T(core::InputError, k == 0 || names[order[k]] != sorted.back(), "edge table: ", what,
                 " name ", core::quoted(names[order[k]]), " appears twice");
    id_of[order[k]] = static_cast<std::int64_t>(k);
    sorted.push_back(std::move(names[order[k]]));
  }
  return id_of;
}

// Applies the name and minimum-interaction filters; returns which users and subreddits stay.
std::pair<std::vector<std::uint8_t>, std::vector<std::uint8_t>> filter(
    const EdgeTable& table, const AssembleOptions& options, AssembleReport& out) {
  std::vector<std::uint8_t> keep_user(table.users.size(), 1);
  std::vector<std::uint8_t> keep_subreddit(table.subreddits.size(), 1);
  const AuthorFilter dropped(options.drop_users, {});
  for (std::size_t u = 0; u < table.users.size(); ++u) {
    if (dropped.check(table.users[u]) != AuthorVerdict::kKeep) {
      keep_user[u] = 0;
      ++out.users_dropped_by_name;
    }
  }
  std::vector<std::int64_t> user_total(table.users.size(), 0);
  for (const Interaction& r : table.interactions) {
    if (keep_user[r.user]) user_total[r.user] += count_of(r);
  }
  for (std::size_t u = 0; u < table.users.size(); ++u) {
    if (!keep_user[u]) continue;
    if (user_total[u] == 0) {
      ++out.users_without_edges;
    } else if (user_total[u] < options.min_user_interactions) {
      ++out.users_below_min;
    } else {
      continue;
    }
    keep_user[u] = 0;
  }
  std::vector<std::int64_t> subreddit_total(table.subreddits.size(), 0);
  for (const Interaction& r : table.interactions) {
    if (keep_user[r.user]) subreddit_total[r.subreddit] += count_of(r);
  }
  for (std::size_t s = 0; s < table.subreddits.size(); ++s) {
    if (subreddit_total[s] == 0) {
      ++out.subreddits_without_edges;
    } else if (subreddit_total[s] < options.min_subreddit_interactions) {
      ++out.subreddits_below_min;
    } else {
      continue;
    }
    keep_subreddit[s] = 0;
  }
  std::vector<std::uint8_t> has_edge(table.users.size(), 0);
  for (const Interaction& r : table.interactions) {
    if (keep_subreddit[r.subreddit] && count_of(r) > 0) has_edge[r.user] = 1;
  }
  for (std::size_t u = 0; u < table.users.size(); ++u) {
    if (keep_user[u] && !has_edge[u]) {
      keep_user[u] = 0;
      ++out.users_left_without_edges;
    }
  }
  return {std::move(keep_user), std::move(keep_subreddit)};
}

std::vector<std::string> descriptions_for(const std::vector<std::string>& names,
                                          const std::optional<SubredditMetadata>& metadata,
                                          AssembleReport& out) {
  std::vector<std::string> descriptions(names.size());
  if (!metadata) return descriptions;
  for (std::size_t s = 0; s < names.size(); ++s) {
    const auto it = metadata->descriptions.find(names[s]);
    if (it != metadata->descriptions.end()) descriptions[s] = it->second;
    out.descriptions += descriptions[s].empty() ? 0 : 1;
  }
  const std::unordered_set<std::string_view> known(names.begin(), names.end());
  for (const auto& [name, description] : metadata->descriptions) {
    out.metadata_unmatched += known.contains(name) ? 0 : 1;
  }
  return descriptions;
}

at::Tensor features_for(const BipartiteGraph& graph, const AssembleOptions& options,
                        AssembleReport& out) {
  if (options.features) {
    MatchedRows matched = match_rows(*options.features, graph.subreddit_names);
    out.feature_source = options.features->path;
    out.feature_dim = options.features->dim;
    out.feature_zero_rows = matched.unmatched;
    out.feature_rows_unused = matched.unused_rows;
    return matched.rows;
  }
  const TextEmbedder embedder(options.embedder);
  at::Tensor features = embedder.embed_all(graph.subreddit_descriptions);
  out.feature_source = "builtin text embedder";
  out.feature_dim = embedder.dim();
  const float* rows = features.data_ptr<float>();
  for (std::int64_t s = 0; s < graph.num_subreddits; ++s) {
    const float* row = rows + s * embedder.dim();
    out.feature_zero_rows += std::all_of(row, row + embedder.dim(), [](float v) { return v == 0; });
  }
  return features;
}

std::optional<Alignment> alignment_for(const BipartiteGraph& graph, const EdgeTable& table,
                                       const std::vector<std::int64_t>& user_id,
                                       const AssembleOptions& options, AssembleReport& out) {
  if (options.alignment) {
    return alignment_from_matrix(*options.alignment, graph.user_names, &out.alignment);
  }
  if (table.image_titles.empty()) return std::nullopt;
  std::vector<std::pair<std::int64_t, const std::vector<std::string>*>> titles;
  for (const auto& [old_id, list] : table.image_titles) {
    if (user_id[old_id] >= 0 && !list.empty()) titles.emplace_back(user_id[old_id], &list);
  }
  std::sort(titles.begin(), titles.end());
  return alignment_from_titles(titles, TextEmbedder(options.embedder), options.max_titles_per_user,
                               &out.alignment);
}

}  // namespace

BipartiteGraph assemble_graph(EdgeTable table, AssembleOptions options, AssembleReport* report) {
  AssembleReport local;
  AssembleReport& out = report != nullptr ? *report : local;
  ZIPP_CHECK_T(core::ConfigError,
               options.min_user_interactions >= 1 && options.min_subreddit_interactions >= 1,
               "graph assembly: the minimum interactions must be at least 1, found users ",
               options.min_user_interactions, ", subreddits ", options.min_subreddit_interactions);
  check_table(table);
  out.users_in = static_cast<std::int64_t>(table.users.size());
  out.subreddits_in = static_cast<std::int64_t>(table.subreddits.size());
  out.interactions_in = static_cast<std::int64_t>(table.interactions.size());

  auto [keep_user, keep_subreddit] = filter(table, options, out);
  BipartiteGraph graph;
  graph.source = options.source;
  const std::vector<std::int64_t> user_id =
      ids_in_name_order(table.users, keep_user, graph.user_names, "user");
  const std::vector<std::int64_t> subreddit_id =
      ids_in_name_order(table.subreddits, keep_subreddit, graph.subreddit_names, "subreddit");
  graph.num_users = static_cast<std::int64_t>(graph.user_names.size());
  graph.num_subreddits = static_cast<std::int64_t>(graph.subreddit_names.size());

  std::size_t kept = 0;
  for (const Interaction& r : table.interactions) {
    const std::int64_t u = user_id[r.user];
    const std::int64_t s = subreddit_id[r.subreddit];
    if (u < 0 || s < 0 || count_of(r) == 0) continue;
    table.interactions[kept++] = Interaction{u, s, r.posts, r.comments};
  }
  table.interactions.resize(kept);
  graph.csr = build_csr(table.interactions, graph.num_users, graph.num_subreddits);
  table.interactions = {};
  graph.csc = build_csc(graph.csr, graph.num_subreddits);

  out.users = graph.num_users;
  out.subreddits = graph.num_subreddits;
  out.edges = graph.num_edges();
  for (const std::int32_t p : graph.csr.posts) out.posts += p;
  for (const std::int32_t c : graph.csr.comments) out.comments += c;

  graph.subreddit_descriptions = descriptions_for(graph.subreddit_names, options.metadata, out);
  graph.subreddit_features = features_for(graph, options, out);
  graph.alignment = alignment_for(graph, table, user_id, options, out);
  if (options.heldout) {
    HeldOutSplit split{std::vector<std::uint8_t>(graph.num_edges()),
                       static_cast<std::int64_t>(options.heldout->seed)};
    mark_heldout(graph.csr.indptr, 0, *options.heldout, split.heldout);
    out.heldout_edges =
        std::accumulate(split.heldout.begin(), split.heldout.end(), std::int64_t{0});
    graph.split = std::move(split);
  }
  ZIPP_LOG_INFO("graph assembly: ", out.summary());
  return graph;
}

std::string AssembleReport::summary() const {
  std::ostringstream text;
  text << users_in << " users, " << subreddits_in << " subreddits, " << interactions_in
       << " interaction records in\n";
  text << "  users dropped: " << users_dropped_by_name << " by name, " << users_without_edges
       << " without edges, " << users_below_min << " below the minimum, "
       << users_left_without_edges << " left without edges by the subreddit minimum\n";
  text << "  subreddits dropped: " << subreddits_without_edges << " without edges, "
       << subreddits_below_min << " below the minimum\n";
  text << "  graph: " << users << " users, " << subreddits << " subreddits, " << edges << " edges ("
       << posts << " posts, " << comments << " comments)\n";
  text << "  descriptions: " << descriptions << " of " << subreddits << " subreddits ("
       << metadata_unmatched << " metadata entries match no subreddit)\n";
  text << "  features: " << feature_source << ", dim " << feature_dim << ", " << feature_zero_rows
       << " zero rows";
  if (feature_rows_unused > 0) text << ", " << feature_rows_unused << " file rows unused";
  text << "\n  alignment: ";
  if (alignment.source.empty()) {
    text << "none";
  } else {
    text << alignment.users << " users from " << alignment.source << " ("
         << alignment.unmatched_rows << " rows match no user, " << alignment.zero_vectors
         << " zero vectors dropped)";
  }
  text << "\n  held-out edges: " << heldout_edges;
  return text.str();
}

}  // namespace zipp::graph
