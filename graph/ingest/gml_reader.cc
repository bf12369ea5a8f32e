#include "graph/ingest/gml_reader.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/check.h"
#include "core/log.h"
#include "core/progress.h"
#include "graph/ingest/gml_tokenizer.h"

namespace zipp::graph {
namespace {

struct NodeRecord {
  std::int64_t line = 0;
  std::optional<std::int64_t> id;
  std::optional<std::string> label;
  std::vector<std::string> subreddits;
  std::string problem;  // first malformed-record reason, "" when none
  std::string detail;
};

struct EdgeRecord {
  std::int64_t line = 0;
  std::int64_t source = 0;
  std::int64_t target = 0;
  double weight = 1;
};

std::optional<std::int64_t> parse_integer(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_number(const GmlToken& token) {
  std::string_view text = token.text;
  if (text == "INF" || text == "+INF") return std::numeric_limits<double>::infinity();
  if (text == "-INF") return -std::numeric_limits<double>::infinity();
  if (text == "NAN") return std::numeric_limits<double>::quiet_NaN();
  if (text.starts_with('+')) text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_scalar(GmlTokenKind kind) {
  return kind == GmlTokenKind::kInteger || kind == GmlTokenKind::kReal ||
         kind == GmlTokenKind::kString;
}

class GmlNetworkReader {
 public:
  GmlNetworkReader(const std::string& path, const GmlOptions& options, GmlReport& report,
                   EdgeTable& table)
      : tokens_(path), options_(options), report_(report), table_(table) {}

  void read() {
    report_.records.begin_file(tokens_.path());
    core::Progress progress(core::str("read ", tokens_.path()), 0, {.unit = "records"});
    bool found_graph = false;
    while (true) {
      const GmlToken token = tokens_.next();
      if (token.kind == GmlTokenKind::kEnd) break;
      const std::string key = expect_key(token);
      if (key == "graph" && !found_graph) {
        expect(GmlTokenKind::kOpen, "after 'graph'");
        read_graph(progress);
        found_graph = true;
      } else {
        skip_value(key);
      }
    }
    ZIPP_CHECK_T(core::InputError, found_graph, tokens_.path(),
                 ": no 'graph [ ... ]' list found (is this a GML file?)");
    check_edges();
    progress.finish();
  }

 private:
  std::string expect_key(const GmlToken& token) {
    ZIPP_CHECK_T(core::InputError, token.kind == GmlTokenKind::kKey, tokens_.where(token.line),
                 ": expected a key, found ", gml_token_kind_name(token.kind), ' ',
                 core::quoted(token.text));
    return std::string(token.text);
  }

  GmlToken expect(GmlTokenKind kind, std::string_view context) {
    const GmlToken token = tokens_.next();
    ZIPP_CHECK_T(core::InputError, token.kind == kind, tokens_.where(token.line), ": expected ",
                 gml_token_kind_name(kind), ' ', context, ", found ",
                 gml_token_kind_name(token.kind), ' ', core::quoted(token.text));
    return token;
  }

  // The value of `key`: a scalar token, or a list skipped whole (returned as its '[' token).
  GmlToken value_of(std::string_view key) {
    const GmlToken token = tokens_.next();
    if (is_scalar(token.kind)) return token;
    ZIPP_CHECK_T(core::InputError, token.kind == GmlTokenKind::kOpen, tokens_.where(token.line),
                 ": expected a value after key ", core::quoted(key), ", found ",
                 gml_token_kind_name(token.kind));
    return token;
  }

  void skip_value(std::string_view key) {
    const GmlToken token = value_of(key);
    if (token.kind == GmlTokenKind::kOpen) skip_list(token.line);
  }

  void skip_list(std::int64_t start) {
    std::int64_t depth = 1;
    while (depth > 0) {
      const GmlToken token = tokens_.next();
      ZIPP_CHECK_T(core::InputError, token.kind != GmlTokenKind::kEnd, tokens_.where(start),
                   ": list opened here is not closed before the end of the file");
      if (token.kind == GmlTokenKind::kOpen) ++depth;
      if (token.kind == GmlTokenKind::kClose) --depth;
    }
  }

  // Inside 'graph [': nodes, edges and anything else (skipped) until the closing bracket.
  void read_graph(core::Progress& progress) {
    while (true) {
      const GmlToken token = tokens_.next();
      if (token.kind == GmlTokenKind::kClose) return;
      ZIPP_CHECK_T(core::InputError, token.kind != GmlTokenKind::kEnd, tokens_.path(),
                   ": the 'graph [' list is not closed before the end of the file");
      const std::string key = expect_key(token);
      if (key == "node" || key == "edge") {
        const GmlToken open = value_of(key);
        if (open.kind != GmlTokenKind::kOpen) {
          report_.records.count_record();
          add_malformed(open.line, key == "node" ? "node_not_a_list" : "edge_not_a_list",
                        core::str("'", key, "' must be followed by '['"));
          continue;
        }
        if (key == "node") {
          read_node(open.line);
        } else {
          read_edge(open.line);
        }
        progress.advance();
      } else {
        skip_value(key);
      }
    }
  }

  void read_node(std::int64_t line) {
    NodeRecord node;
    node.line = line;
    read_list_entries(line, [&](const std::string& key, const GmlToken& value) {
      if (key == "id") {
        const auto id =
            value.kind == GmlTokenKind::kInteger ? parse_integer(value.text) : std::nullopt;
        if (!id || node.id) {
          note(node, node.id ? "repeated_id" : "bad_id", core::str("id ", value.text));
        } else {
          node.id = id;
        }
      } else if (key == "label") {
        if (value.kind == GmlTokenKind::kOpen || node.label) {
          note(node, "bad_label", "the label must be one string");
        } else {
          node.label = std::string(value.text);
        }
      } else if (key == "subreddits") {
        if (value.kind == GmlTokenKind::kOpen) {
          note(node, "bad_subreddits", "a 'subreddits' value is a list, expected a string");
        } else {
          node.subreddits.emplace_back(value.text);
        }
      }
    });
    finish_node(std::move(node));
  }

  void read_edge(std::int64_t line) {
    EdgeRecord edge;
    edge.line = line;
    std::optional<std::int64_t> source;
    std::optional<std::int64_t> target;
    std::string problem;
    read_list_entries(line, [&](const std::string& key, const GmlToken& value) {
      if (key == "source" || key == "target") {
        const auto id =
            value.kind == GmlTokenKind::kInteger ? parse_integer(value.text) : std::nullopt;
        if (!id && problem.empty()) problem = core::str(key, " is not an integer id");
        (key == "source" ? source : target) = id;
      } else if (key == "weight") {
        const auto weight =
            value.kind == GmlTokenKind::kInteger || value.kind == GmlTokenKind::kReal
                ? parse_number(value)
                : std::nullopt;
        if (!weight && problem.empty()) problem = "weight is not a number";
        edge.weight = weight.value_or(0);
      }
    });
    report_.records.count_record();
    if (problem.empty() && (!source || !target)) problem = "no source or no target";
    if (!problem.empty()) return add_malformed(line, "bad_edge", problem);
    edge.source = *source;
    edge.target = *target;
    edges_.push_back(edge);
  }

  // Calls fn(key, value) for each entry up to the list's ']'; a value that is a list has been
  // skipped already and arrives as its '[' token.
  template <class Fn>
  void read_list_entries(std::int64_t start, Fn&& fn) {
    while (true) {
      const GmlToken token = tokens_.next();
      if (token.kind == GmlTokenKind::kClose) return;
      ZIPP_CHECK_T(core::InputError, token.kind != GmlTokenKind::kEnd, tokens_.where(start),
                   ": list opened here is not closed before the end of the file");
      const std::string key = expect_key(token);
      const GmlToken value = value_of(key);
      if (value.kind == GmlTokenKind::kOpen) skip_list(value.line);
      fn(key, value);
    }
  }

  static void note(NodeRecord& node, std::string_view problem, std::string detail) {
    if (!node.problem.empty()) return;
    node.problem = problem;
    node.detail = std::move(detail);
  }

  void finish_node(NodeRecord node) {
    ++report_.nodes;
    report_.records.count_record();
    if (node.problem.empty() && !node.id) note(node, "node_without_id", "the node has no id");
    if (node.problem.empty() && !node.label) {
      note(node, "node_without_label", core::str("node ", *node.id, " has no label"));
    }
    if (node.problem.empty() && !node_ids_.insert(*node.id).second) {
      note(node, "duplicate_node_id", core::str("id ", *node.id, " was used before"));
    }
    if (node.problem.empty() && !labels_.insert(*node.label).second) {
      note(node, "duplicate_label",
           core::str("label ", core::quoted(*node.label), " was used before"));
    }
    if (!node.problem.empty()) return add_malformed(node.line, node.problem, node.detail);

    std::vector<std::string> subreddits = real_subreddits(node.subreddits);
    const bool deleted = node.label->starts_with(kDeletedSpeakerPrefix);
    report_.deleted_speakers += deleted ? 1 : 0;
    report_.pairs += static_cast<std::int64_t>(subreddits.size());
    if (deleted && options_.deleted_speakers == DeletedSpeakers::kDrop) {
      ++report_.deleted_speakers_dropped;
      report_.pairs_dropped += static_cast<std::int64_t>(subreddits.size());
      return;
    }
    const auto user = static_cast<std::int64_t>(table_.users.size());
    table_.users.push_back(std::move(*node.label));
    for (auto& name : subreddits) {
      const auto [it, inserted] =
          subreddit_ids_.try_emplace(name, static_cast<std::int64_t>(table_.subreddits.size()));
      if (inserted) table_.subreddits.push_back(std::move(name));
      table_.interactions.push_back(
          Interaction{.user = user, .subreddit = it->second, .posts = 0, .comments = 1});
    }
  }

  // The node's subreddits without the list marker, the "[]" artefact and repeats.
  std::vector<std::string> real_subreddits(std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] == kNetworkxListStart) {
        ++report_.list_markers;
        continue;
      }
      ++report_.subreddit_entries;
      if (distinct_values_.insert(values[i]).second) ++report_.distinct_subreddit_values;
      if (values[i] == kEmptyListValue) {
        ++report_.empty_list_values;
      } else if (std::find(out.begin(), out.end(), values[i]) != out.end()) {
        ++report_.duplicate_pairs;
      } else {
        out.push_back(std::move(values[i]));
      }
    }
    return out;
  }

  // Edges may name nodes that come later in the file, so they are checked at the end.
  void check_edges() {
    for (const EdgeRecord& edge : edges_) {
      if (!node_ids_.contains(edge.source) || !node_ids_.contains(edge.target)) {
        add_malformed(edge.line, "edge_to_unknown_node",
                      core::str("edge ", edge.source, " -> ", edge.target,
                                " names a node id that no node has"));
        continue;
      }
      ++report_.edges;
      report_.self_loops += edge.source == edge.target ? 1 : 0;
      report_.weight_sum += edge.weight;
      report_.max_weight = std::max(report_.max_weight, edge.weight);
    }
  }

  void add_malformed(std::int64_t line, std::string_view reason, std::string_view detail) {
    report_.records.add_malformed(line, reason, detail);
  }

  GmlTokenizer tokens_;
  const GmlOptions& options_;
  GmlReport& report_;
  EdgeTable& table_;
  std::unordered_map<std::string, std::int64_t> subreddit_ids_;
  std::unordered_set<std::string> distinct_values_;
  std::unordered_set<std::int64_t> node_ids_;
  std::unordered_set<std::string> labels_;
  std::vector<EdgeRecord> edges_;
};

}  // namespace

EdgeTable read_gml_network(const std::string& path, const GmlOptions& options, GmlReport* report) {
  GmlReport local;
  GmlReport& out = report != nullptr ? *report : local;
  EdgeTable table;
  GmlNetworkReader(path, options, out, table).read();
  ZIPP_LOG_INFO("GML network ", path, ": ", out.nodes, " nodes, ", out.edges, " reply edges (",
                out.self_loops, " self-loops), ", out.pairs, " user-subreddit pairs, ",
                out.deleted_speakers, " deleted_speaker_* pseudo-users",
                options.deleted_speakers == DeletedSpeakers::kDrop ? " (dropped)" : " (kept)");
  if (out.records.malformed() > 0) {
    ZIPP_LOG_WARN("GML network: ", out.records.malformed_summary());
  }
  check_malformed_limit(out.records, options.max_malformed_fraction,
                        "ingest.max_malformed_fraction");
  return table;
}

}  // namespace zipp::graph
