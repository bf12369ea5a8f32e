#include "eval/report/svg_chart.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include "core/error.h"
#include "core/str.h"

namespace zipp::eval {
namespace {

// Colour-blind-safe palette (Okabe and Ito).
constexpr std::array<const char*, 8> kColours = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                 "#56B4E9", "#D55E00", "#F0E442", "#000000"};

// A tick step of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `range`.
double nice_step(double range, int ticks) {
  const double raw = range / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10.0 * power;
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(4);
  out << value;
  return out.str();
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_bar_chart_svg(const BarChart& chart) {
  const std::size_t groups = chart.groups.size();
  double lo = 0.0;
  double hi = 0.0;
  for (const auto& series : chart.series) {
    const auto check = [&](const std::vector<double>& v, const char* what, bool optional) {
      if (optional && v.empty()) return;
      if (v.size() != groups) {
        throw core::ConfigError(core::str("bar chart '", chart.title, "': series '", series.name,
                                          "' has ", v.size(), " ", what, " for ", groups,
                                          " groups"));
      }
    };
    check(series.values, "values", false);
    check(series.lower, "lower ends", true);
    check(series.upper, "upper ends", true);
    for (const auto* v : {&series.values, &series.lower, &series.upper}) {
      for (const double x : *v) {
        if (std::isfinite(x)) {
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
      }
    }
  }
  if (hi - lo <= 0.0) hi = lo + 1.0;
  const double step = nice_step(hi - lo, 5);
  const double y0 = std::floor(lo / step) * step;
  const double y1 = std::ceil(hi / step) * step;

  const double bar = 18.0;
  const double gap = 22.0;
  const double group_width = std::max(1.0, static_cast<double>(chart.series.size())) * bar + gap;
  const double left = 70.0;
  const double top = 50.0;
  const double plot_h = 260.0;
  const double plot_w = std::max(200.0, group_width * static_cast<double>(groups));
  const double legend_w = 180.0;
  // Wide enough for the title (bold 15 px: about 9 px a character).
  const double width = std::max(left + plot_w + 20.0 + legend_w,
                                left + 9.0 * static_cast<double>(chart.title.size()));
  const double height = top + plot_h + 110.0;
  const auto y_of = [&](double v) { return top + plot_h * (y1 - v) / (y1 - y0); };

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << ' ' << height
      << "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << left << "\" y=\"24\" font-size=\"15\" font-weight=\"bold\">"
      << xml_escape(chart.title) << "</text>\n";
  // Grid lines and y ticks.
  for (double v = y0; v <= y1 + step / 2; v += step) {
    const double y = y_of(v);
    svg << "<line x1=\"" << left << "\" y1=\"" << y << "\" x2=\"" << left + plot_w << "\" y2=\""
        << y << "\" stroke=\"" << (std::abs(v) < step / 2 ? "#444" : "#ddd") << "\"/>\n"
        << "<text x=\"" << left - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
        << number(std::abs(v) < step / 1e6 ? 0.0 : v) << "</text>\n";
  }
  svg << "<text transform=\"translate(16," << top + plot_h / 2
      << ") rotate(-90)\" text-anchor=\"middle\">" << xml_escape(chart.y_label) << "</text>\n";
  // Bars, error bars and group labels.
  for (std::size_t g = 0; g < groups; ++g) {
    const double x_group = left + gap / 2 + group_width * static_cast<double>(g);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const auto& series = chart.series[s];
      const double v = series.values[g];
      const double x = x_group + bar * static_cast<double>(s);
      if (std::isfinite(v)) {
        const double y_top = y_of(std::max(v, 0.0));
        const double y_bottom = y_of(std::min(v, 0.0));
        svg << "<rect x=\"" << x << "\" y=\"" << y_top << "\" width=\"" << bar - 2 << "\" height=\""
            << std::max(0.5, y_bottom - y_top) << "\" fill=\"" << kColours[s % kColours.size()]
            << "\"><title>" << xml_escape(series.name) << ", " << xml_escape(chart.groups[g])
            << ": " << number(v) << "</title></rect>\n";
      }
      if (!series.lower.empty() && std::isfinite(series.lower[g]) &&
          std::isfinite(series.upper[g])) {
        const double cx = x + (bar - 2) / 2;
        const double ya = y_of(series.lower[g]);
        const double yb = y_of(series.upper[g]);
        svg << "<path d=\"M" << cx << ' ' << ya << "V" << yb << "M" << cx - 4 << ' ' << ya << "h8M"
            << cx - 4 << ' ' << yb << "h8\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>\n";
      }
    }
    const double label_x = x_group + bar * static_cast<double>(chart.series.size()) / 2;
    svg << "<text transform=\"translate(" << label_x << ',' << top + plot_h + 14
        << ") rotate(30)\" text-anchor=\"start\">" << xml_escape(chart.groups[g]) << "</text>\n";
  }
  svg << "<line x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\""
      << top + plot_h << "\" stroke=\"#444\"/>\n";
  // Legend.
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const double y = top + 18.0 * static_cast<double>(s);
    svg << "<rect x=\"" << left + plot_w + 20 << "\" y=\"" << y
        << "\" width=\"12\" height=\"12\" fill=\"" << kColours[s % kColours.size()] << "\"/>\n"
        << "<text x=\"" << left + plot_w + 38 << "\" y=\"" << y + 10 << "\">"
        << xml_escape(chart.series[s].name) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace zipp::eval
