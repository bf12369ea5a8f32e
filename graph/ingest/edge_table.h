// What every ingest source produces before the graph is built: named users and subreddits and
// their (user, subreddit) interaction counts, plus image-post titles per user when the source has
// them. Pushshift dumps, edge lists and the GML network all read into an EdgeTable; one assembly
// step (filters, id order, features, alignment vectors, held-out split) turns it into a
// BipartiteGraph, so every source gets the same rules.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/csr_builder.h"

namespace zipp::graph {

struct EdgeTable {
  std::vector<std::string> users;         // user id = position; names unique
  std::vector<std::string> subreddits;    // subreddit id = position; names unique
  std::vector<Interaction> interactions;  // ids into the two lists; a pair may repeat (summed)
  std::unordered_map<std::int64_t, std::vector<std::string>> image_titles;  // by user id
};

}  // namespace zipp::graph
