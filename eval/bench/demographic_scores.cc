#include "eval/bench/demographic_scores.h"

#include <cmath>
#include <limits>
#include <set>

#include "core/error.h"
#include "core/str.h"

namespace zipp::eval {

DemographicTable demographic_table(const IpfTargets& targets,
                                   const std::vector<UserResult>& users) {
  DemographicTable table;
  table.targets.source = targets.source;
  for (const auto& variable : targets.variables) {
    std::vector<std::string> column;
    std::set<std::string> present;
    for (const auto& user : users) {
      const auto it = user.demographics.find(variable.variable);
      if (it == user.demographics.end()) {
        throw core::InputError(core::str(targets.source, ": the target variable '",
                                         variable.variable,
                                         "' is not a demographic of the benchmark's users "
                                         "(they have age, gender and region)"));
      }
      column.push_back(it->second);
      present.insert(it->second);
    }
    double total = 0.0;
    std::set<std::string> listed;
    for (const auto& [category, target] : variable.categories) {
      total += target;
      listed.insert(category);
    }
    for (const auto& category : present) {
      if (!listed.count(category)) {
        throw core::InputError(core::str(targets.source, ": '", variable.variable,
                                         "' has no target for the category '", category,
                                         "' of a benchmark user; list every category (a share "
                                         "of 0 is allowed only where no user is)"));
      }
    }
    VariableTargets kept{variable.variable, {}};
    for (const auto& [category, target] : variable.categories) {
      if (present.count(category) || target == 0.0) {
        kept.categories.emplace_back(category, target);
      } else {
        table.dropped.push_back(core::str(variable.variable, "=", category, " (target ",
                                          core::fixed(100.0 * target / total, 2), "%)"));
      }
    }
    double kept_total = 0.0;
    for (const auto& [category, target] : kept.categories) kept_total += target;
    if (kept_total <= 0.0) {
      throw core::InputError(core::str(targets.source, ": no benchmark user is in a category of '",
                                       variable.variable, "' with a positive target"));
    }
    // Shares of the categories that remain, so every variable adds up to 1.
    for (auto& [category, target] : kept.categories) target /= kept_total;
    table.targets.variables.push_back(std::move(kept));
    table.variables.push_back(variable.variable);
    table.values.push_back(std::move(column));
  }
  return table;
}

DemographicScore demographic_score(const DemographicTable& table,
                                   const std::vector<double>& scores) {
  IpfTable cells;
  cells.source = "the benchmark's users";
  cells.variables = table.variables;
  cells.values = table.values;
  cells.scores = scores;
  const IpfResult result = rake(cells, table.targets);
  DemographicScore score;
  score.raw = result.raw_score;
  score.raked = result.raked_score;
  // A percentage of a raw score within a point of zero says nothing.
  score.change_percent = std::abs(result.raw_score) < kPercentBaseMin
                             ? std::numeric_limits<double>::quiet_NaN()
                             : result.change_percent;
  score.iterations = result.iterations;
  score.stop = ipf_stop_name(result.stop);
  score.max_margin_error = result.max_margin_error;
  return score;
}

}  // namespace zipp::eval
