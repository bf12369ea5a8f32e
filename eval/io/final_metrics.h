// The held-out posting accuracy of a training run (docs method §5 "Encoder ablation"): the last
// `"event": "final"` line of its metrics.jsonl (docs/training.md "Metrics"), and the encoder it
// describes, for the benchmark's headline and its ablation table.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace zipp::eval {

struct FinalMetrics {
  std::string encoder;  // "GAT + ImageAlign", "GAT", "GraphSAGE + ImageAlign", "TF-IDF", ...
  double acc_at_1 = 0.0;
  double acc_at_10 = 0.0;
  double mrr = 0.0;
  std::int64_t queries = 0;
};

// nullopt when the file does not exist or has no final line (training unfinished). InputError
// naming the file and line for a line that is not JSON or a final line missing `posting`.
std::optional<FinalMetrics> read_final_metrics(const std::filesystem::path& metrics_jsonl);

// "GAT + ImageAlign" from (method, aggregator, align_weight) as metrics.jsonl records them.
std::string encoder_label(const std::string& method, const std::string& aggregator,
                          double align_weight);

}  // namespace zipp::eval
