// Subreddit descriptions for the graph's subreddits (docs/formats.md "Subreddit metadata"), from
// NDJSON (one JSON object per line, as Reddit's and Pushshift's subreddit records are: the name
// in "display_name" or "name", the description in "public_description" or, when that is empty,
// "description") or from a TSV/CSV table (name, description; an optional header row names them).
// A leading "r/" or "/r/" is dropped from names, so "r/pics" and "pics" match the graph's "pics".
// Matching is exact otherwise (Reddit's own capitalisation).
//
// Malformed records are counted by reason in the ReadReport (invalid_json, not_an_object,
// missing_name, bad_description, duplicate_name (the first one is kept), wrong_field_count,
// unterminated_quote, text_after_quote); more than max_malformed_fraction of them is an
// InputError. Names that match no subreddit of the graph are counted when the graph is assembled.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "graph/ingest/read_report.h"

namespace zipp::graph {

struct SubredditMetadata {
  std::unordered_map<std::string, std::string> descriptions;  // by subreddit name
};

// "r/pics" -> "pics", "/r/pics" -> "pics".
std::string_view strip_subreddit_prefix(std::string_view name);

// NDJSON for .ndjson / .jsonl / .json (optionally .gz / .zst), TSV or CSV for .tsv / .tab / .txt
// / .csv; ConfigError for another extension, IoError for a missing file.
SubredditMetadata read_subreddit_metadata(const std::string& path, double max_malformed_fraction,
                                          ReadReport* report = nullptr);

}  // namespace zipp::graph
