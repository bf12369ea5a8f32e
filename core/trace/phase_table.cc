#include "core/trace/phase_table.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/str.h"

namespace zipp::core::trace {
namespace {

using Row = std::vector<std::string>;

std::string millis(double ms) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", ms);
  return text;
}

// Columns before first_numeric are left-aligned (names), the rest right-aligned (numbers).
std::string render(const std::vector<Row>& rows, std::size_t first_numeric) {
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const Row& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c > 0) line += "  ";
      line += c < first_numeric ? row[c] + pad : pad + row[c];
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + '\n';
  }
  return out;
}

Row stats_cells(const PhaseStats& stats) {
  return {str(stats.calls), millis(stats.min_ms), millis(stats.median_ms), millis(stats.max_ms),
          str(stats.max_rank)};
}

std::string describe_ranks(const std::vector<int>& ranks) {
  if (ranks.empty()) return "no ranks";
  const bool contiguous = ranks.back() - ranks.front() + 1 == static_cast<int>(ranks.size());
  if (contiguous && ranks.size() > 2) {
    return str(ranks.size(), " ranks (", ranks.front(), "-", ranks.back(), ")");
  }
  std::string list;
  for (const int rank : ranks) list += (list.empty() ? "" : ", ") + str(rank);
  return str(ranks.size(), ranks.size() == 1 ? " rank (" : " ranks (", list, ")");
}

std::string line_value(const std::string& value) {
  const bool plain = !value.empty() && value.find_first_of(" \t\n\r=\"\\") == std::string::npos;
  if (plain) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + '"';
}

std::string stats_fields(const PhaseStats& stats) {
  return str("calls=", stats.calls, " min_ms=", millis(stats.min_ms),
             " median_ms=", millis(stats.median_ms), " max_ms=", millis(stats.max_ms),
             " max_rank=", stats.max_rank);
}

}  // namespace

std::string format_phase_table(const MergeResult& result) {
  std::string out = str(describe_ranks(result.ranks), ", ", result.event_count, " events\n\n");
  std::vector<Row> phases = {
      {"phase", "category", "calls", "min ms", "median ms", "max ms", "max rank"}};
  for (const PhaseStats& phase : result.phases) {
    Row row = {phase.name, phase.category};
    const Row cells = stats_cells(phase);
    row.insert(row.end(), cells.begin(), cells.end());
    phases.push_back(std::move(row));
  }
  out += render(phases, 2);

  out += "\ntime per category (self time: nested scopes counted once)\n";
  std::vector<Row> categories = {
      {"category", "calls", "min ms", "median ms", "max ms", "max rank"}};
  for (const PhaseStats& category : result.categories) {
    Row row = {category.category};
    const Row cells = stats_cells(category);
    row.insert(row.end(), cells.begin(), cells.end());
    categories.push_back(std::move(row));
  }
  out += render(categories, 1);
  return out;
}

std::string format_phase_lines(const MergeResult& result) {
  std::string out;
  for (const PhaseStats& phase : result.phases) {
    out += str("phase=", line_value(phase.name), " category=", line_value(phase.category), " ",
               stats_fields(phase), "\n");
  }
  for (const PhaseStats& category : result.categories) {
    out += str("category=", line_value(category.category), " ", stats_fields(category), "\n");
  }
  return out;
}

}  // namespace zipp::core::trace
