// New users for `zipp embed` (embed.users): an edge list (docs/formats.md "Edge list input") of
// users that are not in the graph, turned into graph.h5-style rows against the graph's
// subreddits, so the inductive encoder embeds them exactly as it embeds a graph user with the
// same counts. Edges to subreddits the graph does not know are skipped and counted; a user left
// with none still gets a row (degree 0). Edge features (graph/edge_features.h): N_u sums the
// user's known edges; N_s is the graph's (a new user does not join the graph), raised to n_us
// where the graph's is smaller (a subreddit barely used in the graph).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "graph/graph_reader.h"

namespace zipp::training {

struct NewUsers {
  std::vector<std::string> names;        // in the edge list's order of first appearance
  graph::UserRows rows;                  // users [0, names.size()), subreddit ids of the graph
  std::int64_t records = 0;              // data rows read
  std::int64_t malformed = 0;            // rows skipped as malformed (graph/ingest/read_report.h)
  std::int64_t known_edges = 0;          // (user, subreddit) pairs kept
  std::int64_t unknown_edges = 0;        // pairs skipped: subreddit not in the graph
  std::int64_t unknown_subreddits = 0;   // distinct subreddit names not in the graph
  std::int64_t users_without_edges = 0;  // users whose every subreddit is unknown
};

// N_s of every subreddit of `reader`'s graph over users [begin, end), read `chunk_users` users
// at a time (ranks sum their ranges).
std::vector<std::int64_t> graph_subreddit_totals(const graph::GraphReader& reader,
                                                 std::int64_t begin, std::int64_t end,
                                                 std::int64_t chunk_users);

// `subreddit_totals`: N_s per graph subreddit (graph_subreddit_totals over every user).
NewUsers read_new_users(const std::filesystem::path& edge_list,
                        std::span<const std::string> graph_subreddits,
                        std::span<const std::int64_t> subreddit_totals);

// Users [begin, end) of `rows` as rows of their own (absolute edge offsets kept).
graph::UserRows slice_user_rows(const graph::UserRows& rows, std::int64_t begin, std::int64_t end);

}  // namespace zipp::training
