// report.md of `zipp eval bench` (docs/evaluation.md "Report"): the paper-shaped table, posting
// accuracy, scores per demographic group, win rates, the encoder ablation, the per-user
// breakdown and the plots, for a person to read.
#pragma once

#include <string>

#include "eval/bench/bench_report.h"

namespace zipp::eval {

// The whole report.md.
std::string report_markdown(const BenchReport& report);

// Its headline: the paper-shaped table (method, CS with its interval, CMMD, raw and IPF
// demographic scores with the change, lift and win rate against the baseline), as Markdown.
std::string headline_table(const BenchReport& report);

}  // namespace zipp::eval
