#include "eval/report/write_report.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "core/io/atomic_file.h"
#include "eval/report/report_json.h"
#include "eval/report/report_markdown.h"
#include "eval/report/svg_chart.h"

namespace zipp::eval {
namespace fs = std::filesystem;
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

BarChart method_chart(const BenchReport& r) {
  BarChart chart;
  chart.title = "Personalization score (CS) by method";
  chart.y_label = "CS x100 (" + std::to_string(std::lround(r.confidence * 100)) + "% CI)";
  chart.groups = {"all users"};
  for (const auto& m : r.methods) {
    chart.series.push_back({m.method,
                            {m.users ? m.cs.estimate : kNaN},
                            {m.users ? m.cs.lower : kNaN},
                            {m.users ? m.cs.upper : kNaN}});
  }
  return chart;
}

BarChart group_chart(const BenchReport& r, const std::string& variable) {
  BarChart chart;
  chart.title = "CS by " + variable;
  chart.y_label = "mean CS x100 over the group's users";
  for (const auto& g : r.groups) {
    if (g.variable == variable)
      chart.groups.push_back(g.category + " (" + std::to_string(g.users) + ")");
  }
  for (const auto& m : r.methods) {
    BarSeries series{m.method, {}, {}, {}};
    for (const auto& g : r.groups) {
      if (g.variable != variable) continue;
      const auto it = g.cs.find(m.method);
      series.values.push_back(it == g.cs.end() ? kNaN : it->second);
    }
    chart.series.push_back(std::move(series));
  }
  return chart;
}

}  // namespace

std::string users_csv(const BenchReport& r) {
  std::ostringstream csv;
  csv << "user,user_id,age,gender,region";
  for (const auto& m : r.methods) csv << ',' << csv_field("cs_" + m.method);
  csv << '\n';
  csv.precision(17);
  for (const auto& u : r.users) {
    const auto demo = [&](const char* key) {
      const auto it = u.demographics.find(key);
      return it == u.demographics.end() ? std::string() : csv_field(it->second);
    };
    csv << csv_field(u.user) << ',' << u.user_id << ',' << demo("age") << ',' << demo("gender")
        << ',' << demo("region");
    for (const auto& m : r.methods) {
      csv << ',';
      const auto it = u.cs.find(m.method);
      if (it != u.cs.end() && std::isfinite(it->second)) csv << it->second;
    }
    csv << '\n';
  }
  return csv.str();
}

std::vector<std::string> write_report(const BenchReport& report, const fs::path& directory) {
  fs::create_directories(directory / "plots");
  std::vector<std::string> written;
  const auto put = [&](const std::string& name, const std::string& text) {
    core::write_file_atomic(directory / name, text);
    written.push_back(name);
  };
  put("plots/cs-by-method.svg", render_bar_chart_svg(method_chart(report)));
  std::vector<std::string> variables;
  for (const auto& g : report.groups) {
    if (variables.empty() || variables.back() != g.variable) variables.push_back(g.variable);
  }
  for (const auto& variable : variables) {
    put("plots/cs-by-" + variable + ".svg", render_bar_chart_svg(group_chart(report, variable)));
  }
  put("users.csv", users_csv(report));
  put("report.json", report_json(report));
  put("report.md", report_markdown(report));
  return written;
}

}  // namespace zipp::eval
