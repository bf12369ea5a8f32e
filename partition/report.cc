#include "partition/report.h"

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/progress.h"
#include "core/str.h"

namespace zipp::partition {
namespace {

std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string percent(double share) { return fixed(100.0 * share, 2) + "%"; }
std::string bytes(std::int64_t count) {
  return core::format_human(static_cast<double>(count)) + "B";
}

std::string pad(const std::string& text, std::size_t width, bool right = true) {
  if (text.size() >= width) return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

std::string summary_line(const PartitionQuality& q, double seconds) {
  return core::str("edge cut ", percent(q.edge_cut()), ", users max/mean ",
                   fixed(1 + q.user_imbalance(), 3), ", edges max/mean ",
                   fixed(1 + q.edge_imbalance(), 3), ", halo ", q.halo_total(), " (replication ",
                   fixed(q.replication_factor(), 3), "), feature traffic/epoch ",
                   bytes(q.traffic_cached_bytes()), " cached, ", bytes(q.traffic_uncached_bytes()),
                   " uncached, partitioned in ", core::format_duration(seconds));
}

std::string format_report_table(const std::string& graph, const std::vector<ReportEntry>& entries,
                                const std::vector<SkippedMethod>& skipped) {
  std::ostringstream out;
  for (const auto& skip : skipped) {
    out << method_name(skip.method) << " skipped: " << skip.reason << "\n";
  }
  if (!skipped.empty()) out << '\n';
  if (entries.empty()) return out.str() + "no partitioning to report\n";
  const PartitionQuality& first = entries.front().quality;
  out << "graph " << graph << ": " << first.num_users << " users, " << first.num_subreddits
      << " subreddits, " << first.num_edges << " edges, feature dim " << first.feature_dim << "; "
      << first.num_parts << " parts\n\n";
  const std::size_t label = 26;
  const std::size_t column = 12;
  const auto row = [&](const std::string& name, auto value) {
    out << pad(name, label, false);
    for (const auto& entry : entries) out << pad(value(entry), column);
    out << '\n';
  };
  row("", [](const ReportEntry& e) { return std::string(method_name(e.quality.method)); });
  row("seconds", [](const ReportEntry& e) { return fixed(e.seconds, 2); });
  row("edge cut", [](const ReportEntry& e) { return percent(e.quality.edge_cut()); });
  row("users max/mean",
      [](const ReportEntry& e) { return fixed(1 + e.quality.user_imbalance(), 3); });
  row("edges max/mean",
      [](const ReportEntry& e) { return fixed(1 + e.quality.edge_imbalance(), 3); });
  row("halo subreddits (sum)",
      [](const ReportEntry& e) { return core::str(e.quality.halo_total()); });
  row("replication factor",
      [](const ReportEntry& e) { return fixed(e.quality.replication_factor(), 3); });
  row("traffic/epoch, cached",
      [](const ReportEntry& e) { return bytes(e.quality.traffic_cached_bytes()); });
  row("traffic/epoch, uncached",
      [](const ReportEntry& e) { return bytes(e.quality.traffic_uncached_bytes()); });

  out << "\nper part:\n"
      << pad("method", 8, false) << pad("part", 6) << pad("users", 12) << pad("edges", 14)
      << pad("cut", 9) << pad("owned subs", 12) << pad("halo subs", 11) << '\n';
  for (const auto& entry : entries) {
    const auto& parts = entry.quality.parts;
    for (std::size_t p = 0; p < parts.size(); ++p) {
      const auto& part = parts[p];
      const double cut = part.edges == 0 ? 0.0 : static_cast<double>(part.cut_edges) / part.edges;
      out << pad(std::string(method_name(entry.quality.method)), 8, false) << pad(core::str(p), 6)
          << pad(core::str(part.users), 12) << pad(core::str(part.edges), 14)
          << pad(percent(cut), 9) << pad(core::str(part.owned_subreddits), 12)
          << pad(core::str(part.halo_subreddits), 11) << '\n';
    }
  }
  out << "\ncut: edges whose user and subreddit are in different parts; traffic: float32 "
         "subreddit features fetched from other parts when each user's neighbourhood is "
         "gathered once per epoch (cached: each halo row once per part)\n";
  return out.str();
}

std::string format_report_json(const std::string& graph, const std::vector<ReportEntry>& entries,
                               const std::vector<SkippedMethod>& skipped) {
  nlohmann::json methods = nlohmann::json::array();
  for (const auto& entry : entries) {
    const auto& q = entry.quality;
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& part : q.parts) {
      parts.push_back({{"users", part.users},
                       {"edges", part.edges},
                       {"cut_edges", part.cut_edges},
                       {"owned_subreddits", part.owned_subreddits},
                       {"halo_subreddits", part.halo_subreddits}});
    }
    methods.push_back({{"method", method_name(q.method)},
                       {"parts", q.num_parts},
                       {"seconds", entry.seconds},
                       {"edge_cut", q.edge_cut()},
                       {"cut_edges", q.cut_edges()},
                       {"user_imbalance", q.user_imbalance()},
                       {"edge_imbalance", q.edge_imbalance()},
                       {"halo_subreddits", q.halo_total()},
                       {"replication_factor", q.replication_factor()},
                       {"traffic_cached_bytes", q.traffic_cached_bytes()},
                       {"traffic_uncached_bytes", q.traffic_uncached_bytes()},
                       {"per_part", parts}});
  }
  nlohmann::json skips = nlohmann::json::array();
  for (const auto& skip : skipped) {
    skips.push_back({{"method", method_name(skip.method)}, {"reason", skip.reason}});
  }
  nlohmann::json report = {
      {"format_version", 1}, {"graph", graph}, {"methods", methods}, {"skipped", skips}};
  if (!entries.empty()) {
    const auto& q = entries.front().quality;
    report["num_users"] = q.num_users;
    report["num_subreddits"] = q.num_subreddits;
    report["num_edges"] = q.num_edges;
    report["feature_dim"] = q.feature_dim;
  }
  return report.dump(2) + "\n";
}

}  // namespace zipp::partition
