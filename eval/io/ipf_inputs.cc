#include "eval/io/ipf_inputs.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <optional>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/check.h"
#include "core/error.h"
#include "graph/ingest/delimited_line.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;

std::ifstream open_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::IoError(core::str("cannot open ", core::quoted(path.string()), " for reading"));
  }
  return in;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

using HeaderFn = std::function<void(const std::vector<std::string>&)>;
using RowFn = std::function<void(std::int64_t, std::vector<std::string>&)>;

// Calls `on_header(fields)` for the first non-blank line, then `row(line_number, fields)` for
// every other non-blank line; returns the header.
std::vector<std::string> read_csv(const fs::path& path, const HeaderFn& on_header,
                                  const RowFn& row) {
  auto in = open_text(path);
  std::vector<std::string> header;
  std::vector<std::string> fields;
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string_view text = number == 1 ? graph::strip_bom(line) : std::string_view(line);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
    const auto problem = graph::split_delimited(text, ',', graph::Quoting::kCsv, fields);
    ZIPP_CHECK_T(core::InputError, problem.empty(), path.string(), ":", number,
                 ": malformed CSV line (", problem, ")");
    if (header.empty()) {
      header = fields;
      on_header(header);
      continue;
    }
    ZIPP_CHECK_T(core::InputError, fields.size() == header.size(), path.string(), ":", number,
                 ": expected ", header.size(), " fields as in the header, found ", fields.size());
    row(number, fields);
  }
  ZIPP_CHECK_T(core::InputError, !header.empty(), path.string(),
               ": empty file, expected a CSV header line");
  return header;
}

double number_field(const fs::path& path, std::int64_t line, const std::string& column,
                    const std::string& text) {
  const auto value = parse_number(text);
  ZIPP_CHECK_T(core::InputError, value.has_value(), path.string(), ":", line, ": column ",
               core::quoted(column), " holds ", core::quoted(text), ", expected a number");
  return *value;
}

IpfTargets read_targets_yaml(const fs::path& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    throw core::IoError(core::str("cannot open ", core::quoted(path.string()), " for reading"));
  } catch (const YAML::Exception& error) {
    throw core::InputError(core::str(path.string(), ": not valid YAML: ", error.what()));
  }
  ZIPP_CHECK_T(core::InputError, root.IsMap(), path.string(),
               ": expected a mapping variable -> category -> share at the top level");
  IpfTargets targets;
  targets.source = path.string();
  for (const auto& variable : root) {
    VariableTargets var;
    var.variable = variable.first.as<std::string>();
    ZIPP_CHECK_T(core::InputError, variable.second.IsMap(), path.string(), ":",
                 variable.first.Mark().line + 1, ": variable ", core::quoted(var.variable),
                 " must map each category to its share");
    for (const auto& category : variable.second) {
      const auto name = category.first.as<std::string>();
      const auto text = category.second.IsScalar() ? category.second.Scalar() : std::string();
      const auto value = parse_number(text);
      ZIPP_CHECK_T(core::InputError, value.has_value(), path.string(), ":",
                   category.first.Mark().line + 1, ": the target of ", var.variable, " = ",
                   core::quoted(name), " is ", core::quoted(text), ", expected a number");
      var.categories.emplace_back(name, *value);
    }
    targets.variables.push_back(std::move(var));
  }
  return targets;
}

IpfTargets read_targets_csv(const fs::path& path) {
  IpfTargets targets;
  targets.source = path.string();
  const auto check_header = [&](const std::vector<std::string>& header) {
    ZIPP_CHECK_T(core::InputError,
                 header == std::vector<std::string>({"variable", "category", "target"}),
                 path.string(), ":1: expected the header variable,category,target");
  };
  read_csv(path, check_header, [&](std::int64_t line, std::vector<std::string>& fields) {
    auto found = std::find_if(targets.variables.begin(), targets.variables.end(),
                              [&](const VariableTargets& v) { return v.variable == fields[0]; });
    if (found == targets.variables.end()) {
      targets.variables.push_back({fields[0], {}});
      found = targets.variables.end() - 1;
    }
    found->categories.emplace_back(fields[1], number_field(path, line, "target", fields[2]));
  });
  return targets;
}

}  // namespace

IpfTable read_ipf_table(const fs::path& path, const IpfTableColumns& columns) {
  IpfTable table;
  table.source = path.string();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> lines;
  const auto header = read_csv(
      path, [](const std::vector<std::string>&) {},
      [&](std::int64_t line, std::vector<std::string>& fields) {
        rows.push_back(fields);
        lines.push_back(line);
      });
  std::optional<std::size_t> score_at;
  std::optional<std::size_t> weight_at;
  std::vector<std::size_t> variable_at;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const bool seen = std::count(header.begin(), header.end(), header[c]) > 1;
    ZIPP_CHECK_T(core::InputError, !seen, path.string(), ":1: column ", core::quoted(header[c]),
                 " appears twice in the header");
    if (header[c] == columns.score) {
      score_at = c;
    } else if (header[c] == columns.weight) {
      weight_at = c;
    } else {
      variable_at.push_back(c);
      table.variables.push_back(header[c]);
    }
  }
  ZIPP_CHECK_T(core::InputError, score_at.has_value(), path.string(), ":1: no score column ",
               core::quoted(columns.score), " in the header");
  ZIPP_CHECK_T(core::InputError, !variable_at.empty(), path.string(),
               ":1: no demographic variable columns beside the score and weight");
  ZIPP_CHECK_T(core::InputError, !rows.empty(), path.string(), ": no cells after the header");
  table.values.assign(variable_at.size(), {});
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t v = 0; v < variable_at.size(); ++v) {
      table.values[v].push_back(rows[r][variable_at[v]]);
    }
    table.scores.push_back(number_field(path, lines[r], columns.score, rows[r][*score_at]));
    if (weight_at) {
      table.base_weights.push_back(
          number_field(path, lines[r], columns.weight, rows[r][*weight_at]));
    }
  }
  return table;
}

IpfTargets read_ipf_targets(const fs::path& path) {
  const auto name = path.filename().string();
  if (name.size() >= 4 && name.compare(name.size() - 4, 4, ".csv") == 0) {
    return read_targets_csv(path);
  }
  return read_targets_yaml(path);
}

}  // namespace zipp::eval
