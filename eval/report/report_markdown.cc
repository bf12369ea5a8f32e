#include "eval/report/report_markdown.h"

#include <cmath>
#include <sstream>

#include "core/str.h"

namespace zipp::eval {
namespace {

std::string fmt(double value, int digits) {
  return std::isfinite(value) ? core::fixed(value, digits) : "–";
}
std::string fmt(const std::optional<double>& value, int digits) {
  return value ? fmt(*value, digits) : "–";
}
std::string signed_fmt(double value, int digits) {
  if (!std::isfinite(value)) return "–";
  return (value >= 0 ? "+" : "") + core::fixed(value, digits);
}
std::string p_value(double p) {
  if (!std::isfinite(p)) return "–";
  if (p < 1e-4) {
    std::ostringstream out;
    out.precision(2);
    out << std::scientific << p;
    return out.str();
  }
  return core::fixed(p, 4);
}
std::string method_name(const MethodResult& m) {
  return m.rendered ? m.method + " (rendered)" : m.method;
}

}  // namespace

std::string headline_table(const BenchReport& r) {
  const int pct = static_cast<int>(std::lround(r.confidence * 100));
  std::ostringstream md;
  md << "| method | users | images | CS (" << pct << "% CI) | CMMD | demog. raw | demog. IPF | "
     << "change | CS - " << r.baseline << " (" << pct << "% CI) | wins vs " << r.baseline
     << " (p) |\n"
     << "|---|---:|---:|---|---:|---:|---:|---:|---|---|\n";
  for (const auto& m : r.methods) {
    md << "| " << method_name(m) << " | " << m.users << " | " << m.images << " | "
       << fmt(m.cs.estimate, 2) << " [" << fmt(m.cs.lower, 2) << ", " << fmt(m.cs.upper, 2)
       << "] | " << fmt(m.cmmd, 4) << " | ";
    if (m.demographic) {
      md << fmt(m.demographic->raw, 2) << " | " << fmt(m.demographic->raked, 2) << " | "
         << (std::isfinite(m.demographic->change_percent)
                 ? signed_fmt(m.demographic->change_percent, 1) + "%"
                 : std::string("–"))
         << " | ";
    } else {
      md << "– | – | – | ";
    }
    if (m.cs_vs_baseline) {
      md << signed_fmt(m.cs_vs_baseline->estimate, 2) << " [" << fmt(m.cs_vs_baseline->lower, 2)
         << ", " << fmt(m.cs_vs_baseline->upper, 2) << "] | ";
    } else {
      md << "– | ";
    }
    if (m.wins_vs_baseline) {
      md << fmt(100.0 * m.wins_vs_baseline->win_rate, 1) << "% ("
         << p_value(m.wins_vs_baseline->p_value) << ")";
    } else {
      md << "–";
    }
    md << " |\n";
  }
  return md.str();
}

std::string report_markdown(const BenchReport& r) {
  const int pct = static_cast<int>(std::lround(r.confidence * 100));
  std::ostringstream md;
  md << "# ZIPBench-synth report\n\n"
     << "Run `" << r.run_dir << "`: images of `" << r.jobs << "` in `" << r.images
     << "`, scored against " << r.references_per_user << " reference images per user ("
     << r.reference_size << " x " << r.reference_size
     << " px) rendered in each user's true style from `" << r.graph << "`, in the `" << r.embedder
     << "` embedding space. Baseline: `" << r.baseline << "`. Definitions: docs/evaluation.md "
     << "\"ZIPBench-synth\".\n\n"
     << "## Results\n\n"
     << headline_table(r) << "\n"
     << "- **CS**: personalization score, 100 x the mean cosine similarity of a method's images to "
        "their user's reference images, averaged per user, then over users; higher is better. "
     << pct << "% percentile-bootstrap interval over users (" << r.bootstrap_resamples
     << " resamples).\n"
     << "- **CMMD**: between all of a method's images and all users' reference images; lower is "
        "better.\n"
     << "- **demog. raw / IPF / change**: the users' CS before and after raking them to the "
        "demographic targets"
     << (r.targets.empty() ? " (no targets given: eval.targets)" : " in `" + r.targets + "`")
     << ", and the change in percent (– when the raw score is within a point of zero).\n"
     << "- **CS - baseline**: the mean over users of each user's difference, with a paired "
        "bootstrap interval (report.json also has it as a lift in percent when the baseline's CS "
        "is at least a point from zero); **wins**: the share of "
        "(user, prompt) pairs whose image is closer to the user's references than the baseline's "
        "image (ties left out), with the exact two-sided binomial test against 50%.\n"
     << "- **oracle-style (rendered)**: each base prompt rendered in the user's true style by the "
        "reference renderer: what a generator that knew each taste exactly would reach.\n\n";
  if (r.posting) {
    md << "Persona miner (" << r.posting->encoder << "): held-out posting accuracy acc@1 "
       << fmt(r.posting->acc_at_1, 4) << ", acc@10 " << fmt(r.posting->acc_at_10, 4) << ", MRR "
       << fmt(r.posting->mrr, 4) << " over " << r.posting->queries << " queries.\n\n";
  }
  md << "![CS by method](plots/cs-by-method.svg)\n\n";

  for (const auto& m : r.methods) {
    if (!m.cs_vs_baseline) continue;
    md << "- `" << m.method << "` - `" << r.baseline << "`: CS difference "
       << signed_fmt(m.cs_vs_baseline->estimate, 2) << " [" << fmt(m.cs_vs_baseline->lower, 2)
       << ", " << fmt(m.cs_vs_baseline->upper, 2) << "] (paired over users)";
    if (m.wins_vs_baseline) {
      const auto& w = *m.wins_vs_baseline;
      md << "; " << w.wins << " wins, " << w.losses << " losses, " << w.ties << " ties, win rate "
         << fmt(100.0 * w.win_rate, 1) << "% [" << fmt(100.0 * w.interval.lower, 1) << ", "
         << fmt(100.0 * w.interval.upper, 1) << "], p = " << p_value(w.p_value);
    }
    md << "\n";
  }
  md << "\n## Scores per demographic group\n\n";
  std::string variable;
  for (const auto& g : r.groups) {
    if (g.variable != variable) {
      variable = g.variable;
      md << "\n![CS by " << variable << "](plots/cs-by-" << variable << ".svg)\n\n| " << variable
         << " | users |";
      for (const auto& m : r.methods) md << " " << m.method << " |";
      md << "\n|---|---:|";
      for (std::size_t i = 0; i < r.methods.size(); ++i) md << "---:|";
      md << "\n";
    }
    md << "| " << g.category << " | " << g.users << " |";
    for (const auto& m : r.methods) {
      const auto it = g.cs.find(m.method);
      md << " " << (it == g.cs.end() ? "–" : fmt(it->second, 2)) << " |";
    }
    md << "\n";
  }
  if (!r.dropped_categories.empty()) {
    md << "\nTarget categories without any benchmark user, left out of the raking (the other "
          "targets of their variable renormalised): ";
    for (std::size_t i = 0; i < r.dropped_categories.size(); ++i) {
      md << (i ? ", " : "") << r.dropped_categories[i];
    }
    md << ".\n";
  }
  if (!r.ablation.empty()) {
    md << "\n## Encoder ablation\n\n"
       << "| encoder | run | posting acc@1 | posting MRR | method | CS " << r.baseline
       << " | CS method | difference | lift |\n|---|---|---:|---:|---|---:|---:|---:|---:|\n";
    for (const auto& a : r.ablation) {
      md << "| " << a.encoder << " | `" << a.run_dir << "` | " << fmt(a.posting_acc_at_1, 4)
         << " | " << fmt(a.posting_mrr, 4) << " | " << a.method << " | " << fmt(a.cs_baseline, 2)
         << " | " << fmt(a.cs_method, 2) << " | "
         << (a.cs_difference ? signed_fmt(*a.cs_difference, 2) : std::string("–")) << " | "
         << (a.lift_percent ? signed_fmt(*a.lift_percent, 1) + "%" : "–") << " |\n";
    }
  }
  md << "\n## Per user\n\nEvery user's CS per method is in `users.csv` (and report.json).";
  constexpr std::size_t kShown = 30;
  md << (r.users.size() > kShown ? core::str(" The first ", kShown, " users:") : std::string())
     << "\n\n| user | age | gender | region |";
  for (const auto& m : r.methods) md << " " << m.method << " |";
  md << "\n|---|---|---|---|";
  for (std::size_t i = 0; i < r.methods.size(); ++i) md << "---:|";
  md << "\n";
  for (std::size_t i = 0; i < r.users.size() && i < kShown; ++i) {
    const auto& u = r.users[i];
    const auto demo = [&](const char* key) {
      const auto it = u.demographics.find(key);
      return it == u.demographics.end() ? std::string("–") : it->second;
    };
    md << "| " << u.user << " | " << demo("age") << " | " << demo("gender") << " | "
       << demo("region") << " |";
    for (const auto& m : r.methods) {
      const auto it = u.cs.find(m.method);
      md << " " << (it == u.cs.end() ? "–" : fmt(it->second, 2)) << " |";
    }
    md << "\n";
  }
  if (!r.notes.empty()) {
    md << "\n## Notes\n\n";
    for (const auto& note : r.notes) md << "- " << note << "\n";
  }
  md << "\n"
     << r.embedded << " images embedded, " << r.cached << " embeddings reused from the cache; "
     << fmt(r.seconds, 1) << " s.\n";
  return md.str();
}

}  // namespace zipp::eval
