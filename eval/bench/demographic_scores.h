// The IPF-normalized demographic score of the benchmark (docs/evaluation.md "ZIPBench-synth",
// ../shared/docs/method.md §5): every benchmark user is one cell with their categories (age,
// gender, region from the synthetic world's truth) and their personalization score; raking to the
// population targets (eval/metrics/ipf.h) reweights the users, and the raked mean is reported
// beside the raw one.
//
// A benchmark of a few dozen users rarely has someone in every category. `zipp eval ipf` rejects
// such targets; here a category with a positive target but no user is dropped from its variable,
// the variable's remaining targets renormalised, and the dropped categories listed in the report.
#pragma once

#include <string>
#include <vector>

#include "eval/bench/bench_report.h"
#include "eval/metrics/ipf.h"

namespace zipp::eval {

struct DemographicTable {
  IpfTargets targets;                            // restricted to the variables and users present
  std::vector<std::string> dropped;              // "region=australia (target 0.33%)"
  std::vector<std::string> variables;            // raked variables, in target order
  std::vector<std::vector<std::string>> values;  // [variable][user]
};

// The targets restricted to `users`' categories. InputError naming the targets file, the
// variable and the category when a user's category has no target, or a target variable is not
// one of the users'.
DemographicTable demographic_table(const IpfTargets& targets, const std::vector<UserResult>& users);

// Rakes the users' scores (`scores[i]` for users[i]) with the table.
DemographicScore demographic_score(const DemographicTable& table,
                                   const std::vector<double>& scores);

}  // namespace zipp::eval
