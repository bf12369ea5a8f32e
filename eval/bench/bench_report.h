// What `zipp eval bench` measured (docs/evaluation.md "ZIPBench-synth"): the paper-shaped table
// per method, the per-user breakdown, scores per demographic group, win rates against the
// baseline and the encoder ablation. The report writers (eval/report/) turn it into report.md,
// report.json and plots.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eval/metrics/bootstrap.h"
#include "eval/metrics/win_rate.h"

namespace zipp::eval {

inline constexpr int kBenchReportFormatVersion = 1;
inline constexpr char kOracleStyleMethod[] = "oracle-style";
// Percent changes (lift, the IPF change) are reported only against a base score at least this
// far from zero (CS points).
inline constexpr double kPercentBaseMin = 1.0;

// The IPF-normalized demographic score of one method: users' scores raked to the targets.
struct DemographicScore {
  double raw = 0.0;
  double raked = 0.0;
  double change_percent = 0.0;  // NaN when |raw| < kPercentBaseMin
  int iterations = 0;
  std::string stop;  // "converged" | "stalled"
  double max_margin_error = 0.0;
};

struct MethodResult {
  std::string method;
  bool rendered = false;  // oracle-style: rendered by the benchmark, not generated
  std::int64_t users = 0;
  std::int64_t images = 0;
  std::int64_t unfinished = 0;  // jobs of this method without a finished image
  ConfidenceInterval cs;        // personalization score x100, mean over users, bootstrap CI
  double cmmd = 0.0;            // against every user's reference images
  std::optional<DemographicScore> demographic;       // when targets were given
  std::optional<ConfidenceInterval> cs_vs_baseline;  // paired difference over users
  std::optional<double>
      lift_percent;  // 100 (cs - baseline cs) / |baseline cs|; see kPercentBaseMin
  std::optional<WinRate> wins_vs_baseline;  // per (user, prompt) image pair
};

struct UserResult {
  std::string user;
  std::int64_t user_id = -1;
  std::map<std::string, std::string> demographics;  // variable -> category
  std::map<std::string, double> cs;                 // method -> personalization score x100
  std::map<std::string, std::int64_t> images;       // method -> images scored
};

struct GroupResult {
  std::string variable;
  std::string category;
  std::int64_t users = 0;
  std::map<std::string, double> cs;  // method -> mean over the group's users
};

struct AblationResult {
  std::string run_dir;
  std::string encoder;  // "GAT + ImageAlign", "GraphSAGE", "TF-IDF", ...
  std::optional<double> posting_acc_at_1;
  std::optional<double> posting_mrr;
  std::string method;  // the persona method compared with the baseline
  std::optional<double> cs_baseline;
  std::optional<double> cs_method;
  std::optional<double> cs_difference;  // cs_method - cs_baseline, CS points
  std::optional<double> lift_percent;
};

struct PostingAccuracy {
  double acc_at_1 = 0.0;
  double acc_at_10 = 0.0;
  double mrr = 0.0;
  std::int64_t queries = 0;
  std::string encoder;
};

struct BenchReport {
  // Inputs and settings.
  std::string run_dir;
  std::string jobs;
  std::string images;
  std::string graph;
  std::string embedder;
  std::string baseline;
  std::string targets;
  std::int64_t references_per_user = 0;
  std::int64_t reference_size = 0;
  std::int64_t bootstrap_resamples = 0;
  double confidence = 0.0;
  std::uint64_t seed = 0;

  std::vector<MethodResult> methods;  // baseline first, then jobs.jsonl order, oracle-style last
  std::vector<UserResult> users;      // by user id
  std::vector<GroupResult> groups;    // variable order age, gender, region; categories by code
  std::vector<std::string> dropped_categories;  // targets without users: "region=australia"
  std::optional<PostingAccuracy> posting;
  std::vector<AblationResult> ablation;  // empty unless ablation runs were given
  std::vector<std::string> notes;        // what the reader must know (skipped users, ...)
  std::int64_t embedded = 0;             // images run through the embedder this time
  std::int64_t cached = 0;               // embeddings reused from the cache
  double seconds = 0.0;
};

}  // namespace zipp::eval
