#include "launch/ingest_report_json.h"

namespace zipp::launch {

nlohmann::json to_json(const graph::ReadReport& report) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : report.files()) {
    files.push_back({{"path", file.path},
                     {"records", file.records},
                     {"malformed", file.malformed},
                     {"malformed_by_reason", file.malformed_by_reason},
                     {"examples", file.examples}});
  }
  return {{"records", report.records()},
          {"malformed", report.malformed()},
          {"malformed_fraction", report.malformed_fraction()},
          {"malformed_by_reason", report.malformed_by_reason()},
          {"files", files}};
}

nlohmann::json to_json(const graph::GmlReport& report) {
  nlohmann::json out = to_json(report.records);
  out["gml"] = {{"nodes", report.nodes},
                {"reply_edges", report.edges},
                {"self_loops", report.self_loops},
                {"weight_sum", report.weight_sum},
                {"max_weight", report.max_weight},
                {"list_markers", report.list_markers},
                {"subreddit_entries", report.subreddit_entries},
                {"empty_list_values", report.empty_list_values},
                {"distinct_subreddit_values", report.distinct_subreddit_values},
                {"duplicate_pairs", report.duplicate_pairs},
                {"pairs", report.pairs},
                {"deleted_speakers", report.deleted_speakers},
                {"deleted_speakers_dropped", report.deleted_speakers_dropped},
                {"pairs_dropped", report.pairs_dropped}};
  return out;
}

nlohmann::json to_json(const graph::IngestReport& report) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : report.files) {
    nlohmann::json entry = {{"path", file.path},
                            {"bytes", file.bytes},
                            {"records", file.records},
                            {"malformed", file.malformed}};
    if (file.first_malformed_offset >= 0) {
      entry["first_malformed"] = {{"offset", file.first_malformed_offset},
                                  {"reason", file.first_malformed_reason}};
    }
    if (!file.error.empty()) entry["error"] = file.error;
    files.push_back(std::move(entry));
  }
  return {{"bytes", report.bytes},
          {"records", report.records_read},
          {"records_kept", report.records_kept},
          {"posts", report.posts},
          {"comments", report.comments},
          {"image_posts", report.image_posts},
          {"image_posts_over_18", report.image_posts_over_18},
          {"titles_kept", report.titles_kept},
          {"dropped_by_filter", report.dropped_by_filter},
          {"malformed", report.malformed},
          {"malformed_fraction", report.malformed_fraction()},
          {"malformed_by_reason", report.malformed_by_reason},
          {"users_before_min", report.users_before_min},
          {"users_dropped_min", report.users_dropped_min},
          {"subreddits_before_min", report.subreddits_before_min},
          {"subreddits_dropped_min", report.subreddits_dropped_min},
          {"users_kept", report.users_kept},
          {"subreddits_kept", report.subreddits_kept},
          {"pairs", report.pairs},
          {"seconds", report.seconds},
          {"files", files}};
}

nlohmann::json to_json(const graph::AssembleReport& r) {
  nlohmann::json alignment = nullptr;
  if (!r.alignment.source.empty()) {
    alignment = {{"source", r.alignment.source},
                 {"users", r.alignment.users},
                 {"unmatched_rows", r.alignment.unmatched_rows},
                 {"zero_vectors", r.alignment.zero_vectors},
                 {"titles", r.alignment.titles},
                 {"titles_over_limit", r.alignment.titles_over_limit}};
  }
  return {
      {"in",
       {{"users", r.users_in},
        {"subreddits", r.subreddits_in},
        {"interaction_records", r.interactions_in}}},
      {"users_dropped",
       {{"by_name", r.users_dropped_by_name},
        {"without_edges", r.users_without_edges},
        {"below_min", r.users_below_min},
        {"left_without_edges", r.users_left_without_edges}}},
      {"subreddits_dropped",
       {{"without_edges", r.subreddits_without_edges}, {"below_min", r.subreddits_below_min}}},
      {"out",
       {{"users", r.users},
        {"subreddits", r.subreddits},
        {"edges", r.edges},
        {"posts", r.posts},
        {"comments", r.comments}}},
      {"descriptions",
       {{"subreddits_described", r.descriptions}, {"metadata_unmatched", r.metadata_unmatched}}},
      {"features",
       {{"source", r.feature_source},
        {"dim", r.feature_dim},
        {"zero_rows", r.feature_zero_rows},
        {"file_rows_unused", r.feature_rows_unused}}},
      {"alignment", alignment},
      {"heldout_edges", r.heldout_edges}};
}

}  // namespace zipp::launch
