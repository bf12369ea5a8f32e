// An independent aggregation of Pushshift lines for the ingest tests: nlohmann::json parsing,
// std::map counting and a regex for image urls, written from docs/ingest.md rather than from the
// implementation, so both must agree on every record of a generated dump.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "graph/ingest/edge_table.h"
#include "graph/ingest/pushshift_ingest.h"

namespace zipp::graph::testing {

struct Aggregation {
  // user -> subreddit -> (posts, comments)
  std::map<std::string, std::map<std::string, std::pair<std::int64_t, std::int64_t>>> edges;
  std::map<std::string, std::vector<std::string>> titles;  // users with at least one title
  std::int64_t records = 0;
  std::int64_t kept = 0;
  std::int64_t dropped_author = 0;
  std::int64_t dropped_bot = 0;
  std::int64_t dropped_date = 0;
  std::int64_t image_posts = 0;
  std::int64_t image_posts_over_18 = 0;
  std::array<std::int64_t, 6> malformed{};  // by MalformedReason
};

// files[f] holds file f's lines; bots as a bot list file would name them.
Aggregation reference_aggregate(const std::vector<std::vector<std::string>>& files,
                                const PushshiftOptions& options,
                                const std::vector<std::string>& bots);

// The same shape from an ingest result.
Aggregation from_table(const EdgeTable& table);

}  // namespace zipp::graph::testing
