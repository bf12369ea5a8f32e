#include "eval/metrics/ipf.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "core/check.h"
#include "core/error.h"
#include "core/str.h"

namespace zipp::eval {
namespace {

// One raked variable: every cell's category index and each category's goal (target weight).
struct Margin {
  std::string variable;
  std::vector<std::string> categories;
  std::vector<double> goals;
  std::vector<double> target_shares;
  std::vector<std::int32_t> cell_category;
};

std::string where(const IpfTable& table) {
  return table.source.empty() ? std::string("IPF table") : table.source;
}
std::string where(const IpfTargets& targets) {
  return targets.source.empty() ? std::string("IPF targets") : targets.source;
}

std::vector<double> checked_base_weights(const IpfTable& table) {
  const std::size_t n = table.cells();
  ZIPP_CHECK_T(core::InputError, n > 0, where(table), ": the table has no cells");
  ZIPP_CHECK_T(core::InputError, table.values.size() == table.variables.size(), where(table), ": ",
               table.variables.size(), " variables but ", table.values.size(), " value columns");
  for (std::size_t v = 0; v < table.variables.size(); ++v) {
    ZIPP_CHECK_T(core::InputError, table.values[v].size() == n, where(table), ": variable ",
                 core::quoted(table.variables[v]), " has ", table.values[v].size(), " values for ",
                 n, " cells");
  }
  std::vector<double> weights = table.base_weights;
  if (weights.empty()) weights.assign(n, 1.0);
  ZIPP_CHECK_T(core::InputError, weights.size() == n, where(table), ": ", weights.size(),
               " base weights for ", n, " cells");
  for (std::size_t i = 0; i < n; ++i) {
    ZIPP_CHECK_T(core::InputError, std::isfinite(table.scores[i]), where(table), ": cell ", i + 1,
                 " has score ", table.scores[i], ", expected a finite number");
    ZIPP_CHECK_T(core::InputError, std::isfinite(weights[i]) && weights[i] >= 0.0, where(table),
                 ": cell ", i + 1, " has weight ", weights[i], ", expected a finite number >= 0");
  }
  return weights;
}

// Every variable's targets must add up to the same total; returns it.
void check_totals(const IpfTargets& targets) {
  ZIPP_CHECK_T(core::InputError, !targets.variables.empty(), where(targets), ": no target margins");
  double first_total = 0.0;
  for (std::size_t v = 0; v < targets.variables.size(); ++v) {
    const auto& var = targets.variables[v];
    ZIPP_CHECK_T(core::InputError, !var.categories.empty(), where(targets), ": variable ",
                 core::quoted(var.variable), " has no categories");
    double total = 0.0;
    for (const auto& [category, target] : var.categories) {
      ZIPP_CHECK_T(core::InputError, std::isfinite(target) && target >= 0.0, where(targets),
                   ": target of ", var.variable, " = ", core::quoted(category), " is ", target,
                   ", expected a finite number >= 0");
      total += target;
    }
    ZIPP_CHECK_T(core::InputError, total > 0.0, where(targets), ": the targets of variable ",
                 core::quoted(var.variable), " are all zero");
    if (v == 0) {
      first_total = total;
      continue;
    }
    ZIPP_CHECK_T(
        core::InputError, std::abs(total - first_total) <= 1e-6 * std::max(total, first_total),
        where(targets),
        ": the target margins disagree in total: ", core::quoted(targets.variables[0].variable),
        " adds up to ", first_total, " but ", core::quoted(var.variable), " adds up to ", total,
        " (every variable's shares must describe the same population)");
  }
}

Margin build_margin(const IpfTable& table, const IpfTargets& targets, const VariableTargets& var,
                    const std::vector<double>& weights, double total_weight) {
  const auto column = std::find(table.variables.begin(), table.variables.end(), var.variable);
  ZIPP_CHECK_T(core::InputError, column != table.variables.end(), where(targets),
               ": target variable ", core::quoted(var.variable), " is not a column of ",
               where(table));
  const auto& values = table.values[static_cast<std::size_t>(column - table.variables.begin())];

  Margin margin;
  margin.variable = var.variable;
  std::unordered_map<std::string, std::int32_t> index;
  double target_total = 0.0;
  for (const auto& [category, target] : var.categories) {
    ZIPP_CHECK_T(
        core::InputError,
        index.emplace(category, static_cast<std::int32_t>(margin.categories.size())).second,
        where(targets), ": category ", core::quoted(category), " of variable ",
        core::quoted(var.variable), " is listed twice");
    margin.categories.push_back(category);
    margin.goals.push_back(target);
    target_total += target;
  }
  std::vector<double> weight_in(margin.categories.size(), 0.0);
  margin.cell_category.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto found = index.find(values[i]);
    ZIPP_CHECK_T(core::InputError, found != index.end(), where(table), ": cell ", i + 1, " has ",
                 var.variable, " = ", core::quoted(values[i]), ", a category with no target in ",
                 where(targets));
    margin.cell_category[i] = found->second;
    weight_in[static_cast<std::size_t>(found->second)] += weights[i];
  }
  for (std::size_t c = 0; c < margin.categories.size(); ++c) {
    const double share = margin.goals[c] / target_total;
    margin.target_shares.push_back(share);
    margin.goals[c] = share * total_weight;
    ZIPP_CHECK_T(core::InputError, share > 0.0 || weight_in[c] == 0.0, where(targets),
                 ": the target of ", var.variable, " = ", core::quoted(margin.categories[c]),
                 " is zero but cells of ", where(table), " in that category carry weight ",
                 weight_in[c], " (drop those cells or give the category a target)");
    ZIPP_CHECK_T(core::InputError, share == 0.0 || weight_in[c] > 0.0, where(targets), ": ",
                 var.variable, " = ", core::quoted(margin.categories[c]), " has target share ",
                 share, " but ", where(table), " has no cells of positive weight in it");
  }
  return margin;
}

std::vector<double> category_sums(const Margin& margin, const std::vector<double>& weights) {
  std::vector<double> sums(margin.categories.size(), 0.0);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    sums[static_cast<std::size_t>(margin.cell_category[i])] += weights[i];
  }
  return sums;
}

void adjust(const Margin& margin, std::vector<double>& weights) {
  const auto sums = category_sums(margin, weights);
  std::vector<double> factor(sums.size(), 0.0);
  for (std::size_t c = 0; c < sums.size(); ++c) {
    if (margin.goals[c] > 0.0) factor[c] = margin.goals[c] / sums[c];
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    weights[i] *= factor[static_cast<std::size_t>(margin.cell_category[i])];
  }
}

double max_error(const std::vector<Margin>& margins, const std::vector<double>& weights) {
  double error = 0.0;
  for (const auto& margin : margins) {
    const auto sums = category_sums(margin, weights);
    for (std::size_t c = 0; c < sums.size(); ++c) {
      if (margin.goals[c] > 0.0) error = std::max(error, std::abs(sums[c] / margin.goals[c] - 1.0));
    }
  }
  return error;
}

double weighted_mean(const std::vector<double>& scores, const std::vector<double>& weights) {
  double num = 0.0;
  double den = 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    num += weights[i] * scores[i];
    den += weights[i];
  }
  return num / den;
}

}  // namespace

const char* ipf_stop_name(IpfStop stop) {
  return stop == IpfStop::kConverged ? "converged" : "stalled";
}

IpfResult rake(const IpfTable& table, const IpfTargets& targets, const IpfOptions& options) {
  ZIPP_CHECK_T(core::ConfigError, options.max_iterations >= 1,
               "IPF: max_iterations must be at least 1, found ", options.max_iterations);
  const std::vector<double> base = checked_base_weights(table);
  double total_weight = 0.0;
  for (const double w : base) total_weight += w;
  ZIPP_CHECK_T(core::InputError, total_weight > 0.0, where(table),
               ": every cell has weight 0; nothing to rake");
  check_totals(targets);
  for (const auto& name : table.variables) {
    const bool has_targets =
        std::any_of(targets.variables.begin(), targets.variables.end(),
                    [&](const VariableTargets& var) { return var.variable == name; });
    ZIPP_CHECK_T(core::InputError, has_targets, where(table), ": variable ", core::quoted(name),
                 " has no target margins in ", where(targets));
  }
  std::vector<Margin> margins;
  for (const auto& var : targets.variables) {
    for (const auto& seen : margins) {
      ZIPP_CHECK_T(core::InputError, seen.variable != var.variable, where(targets), ": variable ",
                   core::quoted(var.variable), " has targets twice");
    }
    margins.push_back(build_margin(table, targets, var, base, total_weight));
  }

  IpfResult result;
  result.weights = base;
  double error = std::numeric_limits<double>::infinity();
  double previous = -std::numeric_limits<double>::infinity();
  while (error > options.tolerance && std::abs(error - previous) > options.rate_tolerance) {
    ZIPP_CHECK_T(core::InputError, result.iterations < options.max_iterations, "IPF on ",
                 where(table), ": no convergence after ", result.iterations,
                 " sweeps: the largest margin error is ", error, " (tolerance ", options.tolerance,
                 "); the targets may be unreachable from these cells");
    previous = error;
    for (const auto& margin : margins) adjust(margin, result.weights);
    error = max_error(margins, result.weights);
    ++result.iterations;
  }
  result.max_margin_error = error;
  result.stop = error <= options.tolerance ? IpfStop::kConverged : IpfStop::kStalled;

  for (const auto& margin : margins) {
    const auto raw = category_sums(margin, base);
    const auto raked = category_sums(margin, result.weights);
    for (std::size_t c = 0; c < margin.categories.size(); ++c) {
      result.margins.push_back({margin.variable, margin.categories[c], margin.target_shares[c],
                                raw[c] / total_weight, raked[c] / total_weight});
    }
  }
  result.raw_score = weighted_mean(table.scores, base);
  result.raked_score = weighted_mean(table.scores, result.weights);
  result.change_percent =
      result.raw_score == 0.0
          ? std::numeric_limits<double>::quiet_NaN()
          : 100.0 * (result.raked_score - result.raw_score) / std::abs(result.raw_score);
  return result;
}

}  // namespace zipp::eval
