#include "eval/report/report_json.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace zipp::eval {
namespace {
using Json = nlohmann::ordered_json;

Json number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }
Json number(const std::optional<double>& value) { return value ? number(*value) : Json(nullptr); }

Json interval(const ConfidenceInterval& ci) {
  return {
      {"estimate", number(ci.estimate)}, {"lower", number(ci.lower)}, {"upper", number(ci.upper)}};
}

Json method_json(const MethodResult& m) {
  Json out{{"method", m.method},    {"rendered", m.rendered},     {"users", m.users},
           {"images", m.images},    {"unfinished", m.unfinished}, {"cs", interval(m.cs)},
           {"cmmd", number(m.cmmd)}};
  if (m.demographic) {
    out["demographic"] = {{"raw", number(m.demographic->raw)},
                          {"raked", number(m.demographic->raked)},
                          {"change_percent", number(m.demographic->change_percent)},
                          {"iterations", m.demographic->iterations},
                          {"stop", m.demographic->stop},
                          {"max_margin_error", number(m.demographic->max_margin_error)}};
  } else {
    out["demographic"] = nullptr;
  }
  out["cs_vs_baseline"] = m.cs_vs_baseline ? interval(*m.cs_vs_baseline) : Json(nullptr);
  out["lift_percent"] = number(m.lift_percent);
  if (m.wins_vs_baseline) {
    const auto& w = *m.wins_vs_baseline;
    out["wins_vs_baseline"] = {{"wins", w.wins},
                               {"losses", w.losses},
                               {"ties", w.ties},
                               {"win_rate", number(w.win_rate)},
                               {"win_rate_ties_half", number(w.win_rate_ties_half)},
                               {"p_value", number(w.p_value)},
                               {"interval", interval(w.interval)}};
  } else {
    out["wins_vs_baseline"] = nullptr;
  }
  return out;
}

}  // namespace

std::string report_json(const BenchReport& r) {
  Json out{{"format_version", kBenchReportFormatVersion},
           {"benchmark", "ZIPBench-synth"},
           {"run_dir", r.run_dir},
           {"jobs", r.jobs},
           {"images", r.images},
           {"graph", r.graph},
           {"embedder", r.embedder},
           {"baseline", r.baseline},
           {"targets", r.targets.empty() ? Json(nullptr) : Json(r.targets)},
           {"references_per_user", r.references_per_user},
           {"reference_size", r.reference_size},
           {"bootstrap_resamples", r.bootstrap_resamples},
           {"confidence", r.confidence},
           {"seed", r.seed}};
  out["methods"] = Json::array();
  for (const auto& m : r.methods) out["methods"].push_back(method_json(m));
  out["posting"] = r.posting ? Json{{"encoder", r.posting->encoder},
                                    {"acc_at_1", r.posting->acc_at_1},
                                    {"acc_at_10", r.posting->acc_at_10},
                                    {"mrr", r.posting->mrr},
                                    {"queries", r.posting->queries}}
                             : Json(nullptr);
  out["groups"] = Json::array();
  for (const auto& g : r.groups) {
    Json cs = Json::object();
    for (const auto& [method, value] : g.cs) cs[method] = number(value);
    out["groups"].push_back(
        {{"variable", g.variable}, {"category", g.category}, {"users", g.users}, {"cs", cs}});
  }
  out["dropped_categories"] = r.dropped_categories;
  out["users"] = Json::array();
  for (const auto& u : r.users) {
    Json cs = Json::object();
    for (const auto& [method, value] : u.cs) cs[method] = number(value);
    out["users"].push_back({{"user", u.user},
                            {"user_id", u.user_id},
                            {"demographics", u.demographics},
                            {"cs", cs},
                            {"images", u.images}});
  }
  out["ablation"] = Json::array();
  for (const auto& a : r.ablation) {
    out["ablation"].push_back({{"run_dir", a.run_dir},
                               {"encoder", a.encoder},
                               {"posting_acc_at_1", number(a.posting_acc_at_1)},
                               {"posting_mrr", number(a.posting_mrr)},
                               {"method", a.method},
                               {"cs_baseline", number(a.cs_baseline)},
                               {"cs_method", number(a.cs_method)},
                               {"cs_difference", number(a.cs_difference)},
                               {"lift_percent", number(a.lift_percent)}});
  }
  out["notes"] = r.notes;
  out["embedded"] = r.embedded;
  out["cached"] = r.cached;
  out["seconds"] = r.seconds;
  return out.dump(2) + "\n";
}

}  // namespace zipp::eval
