// `zipp graph info <graph.h5>`: what a graph file holds, read in blocks so a Reddit-sized file
// needs little memory (graph/graph_stats.h): counts, degree percentiles of users and
// subreddits, interaction totals, edge- and subreddit-feature statistics, alignment coverage,
// the held-out split and synthetic ground truth. A table by default, JSON with --json.
#include <cstdio>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/str.h"
#include "graph/graph_stats.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"

namespace zipp::launch {
namespace {

nlohmann::json to_json(const graph::DegreeStats& d) {
  return {{"min", d.min}, {"p50", d.p50},   {"p90", d.p90},  {"p99", d.p99},
          {"max", d.max}, {"mean", d.mean}, {"zero", d.zero}};
}

nlohmann::json to_json(const graph::ValueStats& v) {
  return {{"count", v.count}, {"non_finite", v.non_finite},
          {"mean", v.mean},   {"std", v.std},
          {"min", v.min},     {"max", v.max}};
}

nlohmann::json to_json(const graph::FeatureStats& f) {
  nlohmann::json out = {{"rows", f.rows},
                        {"dim", f.dim},
                        {"zero_rows", f.zero_rows},
                        {"non_finite", f.non_finite},
                        {"values", to_json(f.values)}};
  return out;
}

nlohmann::json to_json(const graph::GraphStats& s, const std::string& path) {
  const auto& m = s.meta;
  nlohmann::json edge_features = to_json(s.edge_features);
  edge_features["e1"] = to_json(s.edge_features.columns.at(0));
  edge_features["e2"] = to_json(s.edge_features.columns.at(1));
  nlohmann::json alignment = nullptr;
  if (m.alignment_dim > 0) {
    alignment = {{"users", s.aligned_users},
                 {"dim", m.alignment_dim},
                 {"coverage", m.num_users == 0 ? 0.0
                                               : static_cast<double>(s.aligned_users) /
                                                     static_cast<double>(m.num_users)}};
  }
  nlohmann::json split = nullptr;
  if (m.has_split) {
    split = {{"heldout_edges", s.heldout_edges},
             {"fraction", m.num_edges == 0 ? 0.0
                                           : static_cast<double>(s.heldout_edges) /
                                                 static_cast<double>(m.num_edges)},
             {"seed", s.split_seed}};
  }
  return {{"path", path},
          {"format_version", m.format_version},
          {"source", m.source},
          {"users", m.num_users},
          {"subreddits", m.num_subreddits},
          {"edges", m.num_edges},
          {"posts", s.posts},
          {"comments", s.comments},
          {"user_degree", to_json(s.user_degree)},
          {"subreddit_degree", to_json(s.subreddit_degree)},
          {"edge_features", edge_features},
          {"subreddit_features", to_json(s.subreddit_features)},
          {"alignment", alignment},
          {"split", split},
          {"truth", {{"present", s.has_truth}, {"members", s.truth_members}}}};
}

std::string line(const char* format, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

std::string degree_row(const char* name, const graph::DegreeStats& d) {
  return line("  %-11s %8ld %8ld %8ld %8ld %10ld %10.2f %8ld\n", name, d.min, d.p50, d.p90, d.p99,
              d.max, d.mean, d.zero);
}

std::string value_row(const char* name, const graph::ValueStats& v) {
  return line("  %-20s %12.5g %12.5g %12.5g %12.5g %10ld\n", name, v.mean, v.std, v.min, v.max,
              v.non_finite);
}

std::string to_text(const graph::GraphStats& s, const std::string& path) {
  const auto& m = s.meta;
  std::ostringstream out;
  out << path << " (format_version " << m.format_version << ")\n";
  out << "source: " << (m.source.empty() ? "(none)" : m.source) << "\n";
  out << line("users %ld, subreddits %ld, edges %ld; posts %ld, comments %ld\n\n", m.num_users,
              m.num_subreddits, m.num_edges, s.posts, s.comments);
  out << line("  %-11s %8s %8s %8s %8s %10s %10s %8s\n", "degree", "min", "p50", "p90", "p99",
              "max", "mean", "zero");
  out << degree_row("users", s.user_degree) << degree_row("subreddits", s.subreddit_degree);
  out << '\n'
      << line("  %-20s %12s %12s %12s %12s %10s\n", "features", "mean", "std", "min", "max",
              "non-finite");
  out << value_row("edge e1", s.edge_features.columns.at(0));
  out << value_row("edge e2", s.edge_features.columns.at(1));
  out << value_row(line("subreddit [%ld]", s.subreddit_features.dim).c_str(),
                   s.subreddit_features.values);
  out << line("  zero rows: %ld of %ld edges, %ld of %ld subreddits\n\n", s.edge_features.zero_rows,
              m.num_edges, s.subreddit_features.zero_rows, m.num_subreddits);
  if (m.alignment_dim > 0) {
    out << line("alignment: %ld users (%.2f%%), dim %ld\n", s.aligned_users,
                m.num_users == 0 ? 0.0 : 100.0 * s.aligned_users / m.num_users, m.alignment_dim);
  } else {
    out << "alignment: none\n";
  }
  if (m.has_split) {
    out << line("held-out split: %ld edges (%.2f%%), seed %ld\n", s.heldout_edges,
                m.num_edges == 0 ? 0.0 : 100.0 * s.heldout_edges / m.num_edges, s.split_seed);
  } else {
    out << "held-out split: none\n";
  }
  out << "ground truth (/truth): ";
  if (!s.has_truth) {
    out << "none\n";
  } else {
    out << "present";
    for (std::size_t i = 0; i < s.truth_members.size(); ++i) {
      out << (i == 0 ? " (" : ", ") << s.truth_members[i];
    }
    out << (s.truth_members.empty() ? "\n" : ")\n");
  }
  return out.str();
}

}  // namespace

int run_graph_info(const Invocation& invocation) {
  bool json = false;
  std::int64_t block_edges = std::int64_t{1} << 22;
  po::options_description own("Options");
  own.add_options()("json", po::bool_switch(&json), "print JSON instead of a table")(
      "block-edges", po::value(&block_edges)->default_value(block_edges),
      "edges read at a time (bounds the memory used)");
  const auto parsed =
      parse_command_line(invocation, "graph info", "GRAPH.h5 [--json]", own, AcceptsConfig::kNo);
  if (parsed.common.help) return kExitOk;
  if (parsed.positional.size() != 1) {
    throw core::ConfigError("zipp graph info: give one graph file (see 'zipp graph info --help')");
  }
  if (block_edges < 1) throw core::ConfigError("zipp graph info: --block-edges must be positive");
  const std::string& path = parsed.positional.front();
  const graph::GraphStats stats = graph::compute_graph_stats(path, block_edges);
  std::cout << (json ? to_json(stats, path).dump(2) + "\n" : to_text(stats, path)) << std::flush;
  return kExitOk;
}

}  // namespace zipp::launch
