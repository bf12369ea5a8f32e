// Iterative proportional fitting (raking) of a table of cells to target margins: the
// IPF-normalized demographic score of zipp's benchmark (docs/evaluation.md, ../shared/docs/
// method.md §5). Each cell (a user, or a subgroup) has a category for every demographic variable,
// a score and a base weight; raking rescales the weights, one variable after another, until the
// weighted share of every category matches its target, then the raked score is the weighted mean
// of the scores.
//
// Stopping rule, as in the `ipfn` tool: after each full sweep over the variables,
// e = max |fitted / target - 1| over every category; stop when e <= tolerance (1e-5), or when e
// changed by less than rate_tolerance (1e-8) since the previous sweep (a stall), and fail after
// max_iterations (500) sweeps. Problems with the table or the targets are InputErrors naming the
// variable and category.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace zipp::eval {

// Cells as rows: values[v][i] is cell i's category for variable v (compared as exact strings).
struct IpfTable {
  std::string source;                            // file name (or a description) for messages
  std::vector<std::string> variables;            // [V]
  std::vector<std::vector<std::string>> values;  // [V][cells]
  std::vector<double> scores;                    // [cells]
  std::vector<double> base_weights;              // [cells]; empty means 1 for every cell

  std::size_t cells() const { return scores.size(); }
};

// Target margins: per variable, each category's share (or count) of the population. Every
// variable's targets must add up to the same total (relative 1e-6); they are scaled to the
// table's total base weight, so the raked weights keep the table's total.
struct VariableTargets {
  std::string variable;
  std::vector<std::pair<std::string, double>> categories;  // category, target (>= 0)
};
struct IpfTargets {
  std::string source;
  std::vector<VariableTargets> variables;  // raked in this order
};

struct IpfOptions {
  double tolerance = 1e-5;
  double rate_tolerance = 1e-8;
  int max_iterations = 500;
};

enum class IpfStop {
  kConverged,  // every margin within tolerance
  kStalled,    // the largest margin error stopped changing (ipfn counts this as converged)
};

// One category's share of the total weight before and after raking, beside its target share.
struct MarginFit {
  std::string variable;
  std::string category;
  double target_share = 0.0;
  double raw_share = 0.0;
  double raked_share = 0.0;
};

struct IpfResult {
  std::vector<double> weights;  // raked weight of each cell
  int iterations = 0;           // full sweeps done
  double max_margin_error = 0.0;
  IpfStop stop = IpfStop::kConverged;
  std::vector<MarginFit> margins;
  double raw_score = 0.0;    // base-weighted mean score
  double raked_score = 0.0;  // raked-weighted mean score
  // 100 * (raked - raw) / |raw|; NaN when the raw score is 0.
  double change_percent = 0.0;
};

// Throws InputError when: a target variable is not a column of the table (or a table variable
// has no targets), the variables' targets add up to different totals, a target is negative or not
// finite, a cell's category has no target, a zero target meets cells of non-zero weight, a
// category with a positive target has no cells of positive weight, a score or weight is not
// finite or a weight is negative, or the sweeps do not converge within max_iterations.
IpfResult rake(const IpfTable& table, const IpfTargets& targets, const IpfOptions& options = {});

const char* ipf_stop_name(IpfStop stop);

}  // namespace zipp::eval
