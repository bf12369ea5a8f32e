// The `ingest` configuration section of `zipp graph ingest`: the source format and files, the
// record filters and their limits, and the optional metadata, feature and alignment files
// (docs/ingest.md lists the order the filters apply in). Where the graph goes, the builtin
// embedder's dimension and the held-out split are shared with graph synth in the `graph` section
// (graph/graph_config.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"

namespace zipp::graph {

struct IngestConfig {
  static constexpr std::string_view kName = "ingest";
  std::string format = "pushshift";
  std::vector<std::string> inputs;
  std::string delimiter = "auto";
  std::vector<std::string> drop_authors{"[deleted]", "AutoModerator"};
  std::string bot_list;
  std::string date_begin;
  std::string date_end;
  std::int64_t min_user_interactions = 1;
  std::int64_t min_subreddit_interactions = 1;
  double max_malformed_fraction = 0.001;
  bool drop_deleted_speakers = true;
  std::int64_t max_titles_per_user = 75;
  std::string metadata;
  std::string features;
  std::string features_names;
  std::string alignment;
  bool validate = true;

  static void describe(core::config::SectionSpec<IngestConfig>& spec);
};

// Unix seconds of a date_begin/date_end value: "" is none, "2018-09-01" is that day's 00:00 UTC,
// an integer is taken as Unix seconds. ConfigError naming `key` otherwise.
std::optional<std::int64_t> parse_utc_time(const std::string& text, std::string_view key);

}  // namespace zipp::graph
