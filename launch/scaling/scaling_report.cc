#include "launch/scaling/scaling_report.h"

#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/str.h"
#include "eval/report/svg_chart.h"

namespace zipp::launch {
namespace fs = std::filesystem;
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string series_name(const ScalingRow& row) { return row.stage + " " + row.mode; }

double share_of(const ScalingRow& row, const std::string& category) {
  for (const auto& [name, share] : row.shares) {
    if (name == category) return share;
  }
  return kNaN;
}

}  // namespace

std::string scaling_markdown(const std::vector<ScalingRow>& rows, const std::string& machine) {
  std::ostringstream md;
  md << "# Scaling sweep\n\nMachine: " << machine
     << ". Efficiency is the throughput over (ranks x the first rank count's throughput per "
        "rank): strong scaling splits the same work over the ranks, weak scaling gives every rank "
        "the same work. Shares are each trace category's median time across ranks over their "
        "sum.\n";
  std::string current;
  for (const auto& row : rows) {
    if (series_name(row) != current) {
      current = series_name(row);
      md << "\n## " << row.stage << ", " << row.mode << " scaling\n\n| ranks | work | throughput ("
         << row.unit << ") | efficiency | compute | communication | sampling | io |";
      for (const auto& [phase, ms] : row.phase_ms) md << " " << phase << " ms/step |";
      md << "\n|---:|---:|---:|---:|---:|---:|---:|---:|";
      for (std::size_t i = 0; i < row.phase_ms.size(); ++i) md << "---:|";
      md << "\n";
    }
    const auto share = [&](const char* category) {
      const double s = share_of(row, category);
      return std::isfinite(s) ? core::fixed(100.0 * s, 1) + "%" : std::string("–");
    };
    md << "| " << row.ranks << " | " << row.work << " | " << core::fixed(row.throughput, 1) << " | "
       << core::fixed(row.efficiency, 3) << " | " << share("compute") << " | "
       << share("communication") << " | " << share("sampling") << " | " << share("io") << " |";
    for (const auto& [phase, ms] : row.phase_ms) md << " " << core::fixed(ms, 1) << " |";
    md << "\n";
  }
  md << "\n![efficiency](plots/scaling-efficiency.svg)\n\n![time "
        "shares](plots/scaling-shares.svg)\n";
  return md.str();
}

std::vector<std::string> write_scaling_report(const std::vector<ScalingRow>& rows,
                                              const std::string& machine,
                                              const fs::path& directory) {
  fs::create_directories(directory / "plots");
  std::vector<std::string> written;
  const auto put = [&](const std::string& name, const std::string& text) {
    core::write_file_atomic(directory / name, text);
    written.push_back(name);
  };

  eval::BarChart efficiency;
  efficiency.title = "Scaling efficiency";
  efficiency.y_label = "throughput / (ranks x per-rank throughput at the first count)";
  std::set<std::int64_t> counts;
  for (const auto& row : rows) counts.insert(row.ranks);
  for (const auto count : counts) efficiency.groups.push_back(core::str(count, " ranks"));
  std::vector<std::string> series;
  for (const auto& row : rows) {
    if (std::find(series.begin(), series.end(), series_name(row)) == series.end()) {
      series.push_back(series_name(row));
    }
  }
  for (const auto& name : series) {
    eval::BarSeries bars{name, std::vector<double>(counts.size(), kNaN), {}, {}};
    for (const auto& row : rows) {
      if (series_name(row) != name) continue;
      bars.values[static_cast<std::size_t>(std::distance(counts.begin(), counts.find(row.ranks)))] =
          row.efficiency;
    }
    efficiency.series.push_back(std::move(bars));
  }
  put("plots/scaling-efficiency.svg", eval::render_bar_chart_svg(efficiency));

  eval::BarChart shares;
  shares.title = "Time per category (median over ranks, share of the total)";
  shares.y_label = "share";
  for (const auto& row : rows)
    shares.groups.push_back(core::str(series_name(row), " x", row.ranks));
  for (const char* category : {"compute", "communication", "sampling", "io", "other"}) {
    eval::BarSeries bars{category, {}, {}, {}};
    for (const auto& row : rows) bars.values.push_back(share_of(row, category));
    shares.series.push_back(std::move(bars));
  }
  put("plots/scaling-shares.svg", eval::render_bar_chart_svg(shares));

  nlohmann::ordered_json json{
      {"format_version", 1}, {"machine", machine}, {"rows", nlohmann::ordered_json::array()}};
  for (const auto& row : rows) {
    nlohmann::ordered_json r{{"stage", row.stage},           {"mode", row.mode},
                             {"ranks", row.ranks},           {"work", row.work},
                             {"throughput", row.throughput}, {"unit", row.unit},
                             {"efficiency", row.efficiency}, {"run_dir", row.run_dir}};
    r["shares"] = nlohmann::ordered_json::object();
    for (const auto& [category, share] : row.shares) r["shares"][category] = share;
    r["phase_ms"] = nlohmann::ordered_json::object();
    for (const auto& [phase, ms] : row.phase_ms) r["phase_ms"][phase] = ms;
    json["rows"].push_back(std::move(r));
  }
  put("scaling.json", json.dump(2) + "\n");
  put("scaling.md", scaling_markdown(rows, machine));
  return written;
}

}  // namespace zipp::launch
