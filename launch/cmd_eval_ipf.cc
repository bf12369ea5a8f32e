// `zipp eval ipf --table cells.csv --targets margins.yaml`: rakes a table of cell scores to
// target demographic margins (docs/evaluation.md) and prints the raw and raked scores, the change
// in percent, the sweeps and every margin before and after; --output writes the raked weights as
// CSV, --json the summary.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/log.h"
#include "core/str.h"
#include "eval/io/ipf_inputs.h"
#include "eval/metrics/ipf.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"

namespace zipp::launch {
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string number(double value) {
  std::ostringstream out;
  out << std::setprecision(17) << value;
  return out.str();
}

void write_weights(const std::string& path, const eval::IpfTable& table,
                   const eval::IpfResult& result) {
  core::AtomicFile file(path);
  auto& out = file.out();
  out << "row";
  for (const auto& variable : table.variables) out << ',' << csv_field(variable);
  out << ",score,base_weight,raked_weight\n";
  for (std::size_t i = 0; i < table.cells(); ++i) {
    out << i + 1;
    for (const auto& values : table.values) out << ',' << csv_field(values[i]);
    out << ',' << number(table.scores[i]) << ','
        << number(table.base_weights.empty() ? 1.0 : table.base_weights[i]) << ','
        << number(result.weights[i]) << '\n';
  }
  file.commit();
}

nlohmann::json summary_json(const eval::IpfResult& result, const std::string& table,
                            const std::string& targets) {
  nlohmann::json margins = nlohmann::json::array();
  for (const auto& m : result.margins) {
    margins.push_back({{"variable", m.variable},
                       {"category", m.category},
                       {"target_share", m.target_share},
                       {"raw_share", m.raw_share},
                       {"raked_share", m.raked_share}});
  }
  return {
      {"table", table},
      {"targets", targets},
      {"raw_score", result.raw_score},
      {"raked_score", result.raked_score},
      {"change_percent", std::isnan(result.change_percent) ? nlohmann::json(nullptr)
                                                           : nlohmann::json(result.change_percent)},
      {"iterations", result.iterations},
      {"stop", eval::ipf_stop_name(result.stop)},
      {"max_margin_error", result.max_margin_error},
      {"margins", margins}};
}

}  // namespace

int run_eval_ipf(const Invocation& invocation) {
  std::string table_path;
  std::string targets_path;
  std::string output;
  std::string json_path;
  eval::IpfTableColumns columns;
  eval::IpfOptions options;
  po::options_description own("Options");
  own.add_options()("table", po::value(&table_path),
                    "CSV of cells: one column per variable, a score, an optional weight")(
      "targets", po::value(&targets_path),
      "target margins: YAML (variable: {category: share}) or CSV (variable,category,target)")(
      "score-column", po::value(&columns.score), "name of the score column (default score)")(
      "weight-column", po::value(&columns.weight),
      "name of the optional base-weight column (default weight)")(
      "tolerance", po::value(&options.tolerance),
      "stop when every margin is within this relative error (default 1e-5)")(
      "max-iterations", po::value(&options.max_iterations),
      "fail after this many sweeps (default 500)")(
      "output,o", po::value(&output), "write every cell with its raked weight to this CSV")(
      "json", po::value(&json_path), "write the summary and margins to this JSON file");
  const auto parsed = parse_command_line(
      invocation, "eval ipf", "--table cells.csv --targets margins.yaml [-o weights.csv]", own,
      AcceptsConfig::kNo);
  if (parsed.common.help) return kExitOk;
  if (table_path.empty() || targets_path.empty() || !parsed.positional.empty()) {
    throw core::ConfigError("zipp eval ipf: give --table FILE.csv and --targets FILE.yaml|csv");
  }
  const auto table = eval::read_ipf_table(table_path, columns);
  const auto targets = eval::read_ipf_targets(targets_path);
  const auto result = eval::rake(table, targets, options);

  std::cout << "cells " << table.cells() << ", variables " << table.variables.size() << "\n"
            << "raw score   " << core::fixed(result.raw_score, 6) << "\n"
            << "raked score " << core::fixed(result.raked_score, 6) << "\n"
            << "change      "
            << (std::isnan(result.change_percent)
                    ? std::string("undefined (raw score 0)")
                    : core::str(core::fixed(result.change_percent, 3), " %"))
            << "\n"
            << "sweeps " << result.iterations << " (" << eval::ipf_stop_name(result.stop)
            << "), largest margin error " << result.max_margin_error << "\n\n"
            << std::left << std::setw(16) << "variable" << std::setw(16) << "category" << std::right
            << std::setw(10) << "target" << std::setw(10) << "raw" << std::setw(10) << "raked"
            << "\n";
  for (const auto& m : result.margins) {
    std::cout << std::left << std::setw(16) << m.variable << std::setw(16) << m.category
              << std::right << std::setw(10) << core::fixed(m.target_share, 4) << std::setw(10)
              << core::fixed(m.raw_share, 4) << std::setw(10) << core::fixed(m.raked_share, 4)
              << "\n";
  }
  if (result.stop == eval::IpfStop::kStalled) {
    ZIPP_LOG_WARN("zipp eval ipf: the largest margin error stopped improving at ",
                  result.max_margin_error, " (tolerance ", options.tolerance,
                  "): these cells cannot meet every target at once");
  }
  if (!output.empty()) {
    write_weights(output, table, result);
    std::cout << "wrote " << output << "\n";
  }
  if (!json_path.empty()) {
    core::write_file_atomic(json_path,
                            summary_json(result, table_path, targets_path).dump(2) + "\n");
    std::cout << "wrote " << json_path << "\n";
  }
  return kExitOk;
}

}  // namespace zipp::launch
