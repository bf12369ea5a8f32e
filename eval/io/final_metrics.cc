#include "eval/io/final_metrics.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/str.h"

namespace zipp::eval {

std::string encoder_label(const std::string& method, const std::string& aggregator,
                          double align_weight) {
  if (method == "tfidf") return "TF-IDF";
  if (method == "popularity") return "popularity";
  std::string label = aggregator == "mean"    ? "GraphSAGE"
                      : aggregator == "gatv2" ? "GAT"
                                              : aggregator;
  if (align_weight > 0) label += " + ImageAlign";
  return label;
}

std::optional<FinalMetrics> read_final_metrics(const std::filesystem::path& metrics_jsonl) {
  std::ifstream in(metrics_jsonl);
  if (!in) return std::nullopt;
  std::optional<FinalMetrics> last;
  std::string line;
  for (std::int64_t number = 1; std::getline(in, line); ++number) {
    if (line.find("\"final\"") == std::string::npos) continue;
    const auto where = [&] { return core::str(metrics_jsonl.string(), ":", number); };
    const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.is_object()) {
      throw core::InputError(core::str(where(), ": not a JSON object"));
    }
    if (record.value("event", "") != "final") continue;
    const auto posting = record.find("posting");
    if (posting == record.end() || !posting->is_object() || !posting->contains("acc_at_1") ||
        !posting->contains("mrr")) {
      throw core::InputError(core::str(where(),
                                       ": the final line has no posting {acc_at_1, mrr}; found ",
                                       record.dump().substr(0, 200)));
    }
    FinalMetrics m;
    m.encoder =
        encoder_label(record.value("method", "encoder"), record.value("aggregator", "gatv2"),
                      record.value("align_weight", 0.0));
    m.acc_at_1 = posting->value("acc_at_1", 0.0);
    m.acc_at_10 = posting->value("acc_at_10", 0.0);
    m.mrr = posting->value("mrr", 0.0);
    m.queries = posting->value("queries", std::int64_t{0});
    last = m;
  }
  return last;
}

}  // namespace zipp::eval
