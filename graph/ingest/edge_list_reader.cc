#include "graph/ingest/edge_list_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <optional>
#include <unordered_map>

#include "core/check.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/text/ascii_case.h"
#include "graph/ingest/compressed_input.h"
#include "graph/ingest/delimited_line.h"

namespace zipp::graph {
namespace {

enum Column { kUser, kSubreddit, kPosts, kComments, kNumColumns };
constexpr std::array<std::string_view, kNumColumns> kColumnNames = {"user", "subreddit", "posts",
                                                                    "comments"};

// Field index of each column; the default order when the file has no header.
struct Layout {
  std::array<std::size_t, kNumColumns> index{0, 1, 2, 3};
  std::size_t min_fields = kNumColumns;
  std::size_t max_fields = kNumColumns;  // a header allows extra, ignored columns
};

// The layout a header row gives, or none when the row is data.
std::optional<Layout> header_layout(const std::vector<std::string>& fields,
                                    const std::string& where) {
  std::array<std::optional<std::size_t>, kNumColumns> found;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name = core::ascii_lower(fields[i]);
    for (std::size_t c = 0; c < kNumColumns; ++c) {
      if (name == kColumnNames[c]) {
        ZIPP_CHECK_T(core::InputError, !found[c], where, ": header names column '", kColumnNames[c],
                     "' twice");
        found[c] = i;
      }
    }
  }
  if (!found[kUser] || !found[kSubreddit]) return std::nullopt;
  Layout layout;
  for (std::size_t c = 0; c < kNumColumns; ++c) {
    ZIPP_CHECK_T(core::InputError, found[c].has_value(), where, ": the header has no column '",
                 kColumnNames[c], "' (an edge list needs user, subreddit, posts, comments)");
    layout.index[c] = *found[c];
  }
  layout.min_fields = *std::max_element(layout.index.begin(), layout.index.end()) + 1;
  layout.max_fields = std::numeric_limits<std::size_t>::max();
  return layout;
}

bool parse_count(std::string_view text, std::int32_t& out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out >= 0;
}

std::string shorten(std::string_view text) {
  constexpr std::size_t kMax = 60;
  return text.size() <= kMax ? std::string(text) : std::string(text.substr(0, kMax)) + "...";
}

DelimitedFormat resolve_format(const std::string& path, Delimiter delimiter) {
  switch (delimiter) {
    case Delimiter::kTab:
      return {'\t', Quoting::kNone};
    case Delimiter::kComma:
      return {',', Quoting::kCsv};
    case Delimiter::kAuto:
      break;
  }
  const DelimitedFormat format = format_from_extension(path);
  ZIPP_CHECK_T(core::ConfigError, format.delimiter != '\0', "edge list ", core::quoted(path),
               ": cannot tell the delimiter from the extension (expected .tsv, .tab, .txt or "
               ".csv, optionally .gz/.zst); set ingest.delimiter to tab or comma");
  return format;
}

class EdgeListBuilder {
 public:
  EdgeListBuilder(EdgeTable& table, ReadReport& report) : table_(table), report_(report) {}

  void read_file(const std::string& path, DelimitedFormat format, core::Progress& progress) {
    CompressedInput input(path);
    report_.begin_file(path);
    std::optional<Layout> layout;
    std::vector<std::string> fields;
    std::string_view line;
    while (input.next_line(line)) {
      progress.advance();
      const std::int64_t number = input.line_number();
      if (number == 1) line = strip_bom(line);
      if (line.empty() || line.front() == '#') continue;
      const std::string_view problem =
          split_delimited(line, format.delimiter, format.quoting, fields);
      if (!layout) {
        layout =
            problem.empty() ? header_layout(fields, core::str(path, ':', number)) : std::nullopt;
        if (layout) continue;
        layout = Layout{};
      }
      report_.count_record();
      if (!problem.empty()) {
        report_.add_malformed(number, problem, shorten(line));
        continue;
      }
      add_row(*layout, fields, number);
    }
  }

 private:
  void add_row(const Layout& layout, const std::vector<std::string>& fields, std::int64_t line) {
    if (fields.size() < layout.min_fields || fields.size() > layout.max_fields) {
      report_.add_malformed(
          line, "wrong_field_count",
          core::str("expected ", layout.min_fields, " fields, found ", fields.size()));
      return;
    }
    const std::string& user = fields[layout.index[kUser]];
    const std::string& subreddit = fields[layout.index[kSubreddit]];
    if (user.empty()) return report_.add_malformed(line, "empty_user", "the user field is empty");
    if (subreddit.empty()) {
      return report_.add_malformed(line, "empty_subreddit", "the subreddit field is empty");
    }
    Interaction interaction;
    for (const auto& [column, out] :
         {std::pair{kPosts, &interaction.posts}, std::pair{kComments, &interaction.comments}}) {
      const std::string& text = fields[layout.index[column]];
      if (!parse_count(text, *out)) {
        return report_.add_malformed(
            line, "bad_count",
            core::str(kColumnNames[column], " = ", core::quoted(shorten(text)),
                      " is not an integer in [0, 2147483647]"));
      }
    }
    if (interaction.posts == 0 && interaction.comments == 0) {
      return report_.add_malformed(line, "zero_interactions",
                                   "posts and comments are both 0 (no interaction)");
    }
    interaction.user = id_of(user, users_, table_.users);
    interaction.subreddit = id_of(subreddit, subreddits_, table_.subreddits);
    table_.interactions.push_back(interaction);
  }

  static std::int64_t id_of(const std::string& name,
                            std::unordered_map<std::string, std::int64_t>& ids,
                            std::vector<std::string>& names) {
    const auto [it, inserted] = ids.try_emplace(name, static_cast<std::int64_t>(names.size()));
    if (inserted) names.push_back(name);
    return it->second;
  }

  EdgeTable& table_;
  ReadReport& report_;
  std::unordered_map<std::string, std::int64_t> users_;
  std::unordered_map<std::string, std::int64_t> subreddits_;
};

}  // namespace

Delimiter parse_delimiter(const std::string& name) {
  if (name == "auto") return Delimiter::kAuto;
  if (name == "tab") return Delimiter::kTab;
  if (name == "comma") return Delimiter::kComma;
  throw core::ConfigError(core::str(
      "edge list delimiter: expected 'auto', 'tab' or 'comma', found ", core::quoted(name)));
}

EdgeTable read_edge_lists(std::span<const std::string> paths, const EdgeListOptions& options,
                          ReadReport* report) {
  ReadReport local;
  ReadReport& out = report != nullptr ? *report : local;
  std::vector<DelimitedFormat> formats;
  for (const auto& path : paths) formats.push_back(resolve_format(path, options.delimiter));

  EdgeTable table;
  EdgeListBuilder builder(table, out);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    core::Progress progress(core::str("read ", paths[i]), 0, {.unit = "lines"});
    builder.read_file(paths[i], formats[i], progress);
    progress.finish();
  }
  ZIPP_LOG_INFO("edge lists: ", out.records(), " rows, ", table.interactions.size(), " kept, ",
                table.users.size(), " users, ", table.subreddits.size(), " subreddits");
  if (out.malformed() > 0) ZIPP_LOG_WARN("edge lists: ", out.malformed_summary());
  check_malformed_limit(out, options.max_malformed_fraction, "ingest.max_malformed_fraction");
  return table;
}

}  // namespace zipp::graph
