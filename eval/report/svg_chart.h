// Grouped bar charts as SVG files, for the benchmark report's plots (docs/evaluation.md
// "Report"): one group of bars per category on the x axis, one bar per series in each group, with
// optional error bars (confidence intervals). Self-contained SVG 1.1: no scripts, no external
// fonts or styles, so any browser or image viewer shows it.
#pragma once

#include <string>
#include <vector>

namespace zipp::eval {

struct BarSeries {
  std::string name;
  std::vector<double> values;  // one per group; NaN: no bar
  std::vector<double> lower;   // empty, or one per group: the error bar's ends (NaN: none)
  std::vector<double> upper;
};

struct BarChart {
  std::string title;
  std::string y_label;
  std::vector<std::string> groups;
  std::vector<BarSeries> series;
};

// The chart as an SVG document. ConfigError when a series' values (or error bars) do not have one
// entry per group.
std::string render_bar_chart_svg(const BarChart& chart);

// Text escaped for SVG/XML character data and attribute values.
std::string xml_escape(const std::string& text);

}  // namespace zipp::eval
