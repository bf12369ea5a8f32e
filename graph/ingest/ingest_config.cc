#include "graph/ingest/ingest_config.h"

#include <charconv>

#include "core/check.h"

namespace zipp::graph {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

template <class T>
bool parse_whole(std::string_view text, T& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

std::string time_problem(const std::string& text) {
  try {
    parse_utc_time(text, "");
    return {};
  } catch (const core::ConfigError& error) {
    return error.what();
  }
}

}  // namespace

std::optional<std::int64_t> parse_utc_time(const std::string& text, std::string_view key) {
  if (text.empty()) return std::nullopt;
  std::int64_t seconds = 0;
  if (parse_whole(text, seconds)) return seconds;
  std::int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      parse_whole(std::string_view(text).substr(0, 4), year) &&
                      parse_whole(std::string_view(text).substr(5, 2), month) &&
                      parse_whole(std::string_view(text).substr(8, 2), day);
  constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (!shaped || month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap)) {
    throw core::ConfigError(core::str(key.empty() ? "" : core::str("key '", key, "': "),
                                      "expected a date YYYY-MM-DD (UTC) or Unix seconds, found ",
                                      core::quoted(text)));
  }
  return days_from_civil(year, month, day) * 86400;
}

void IngestConfig::describe(core::config::SectionSpec<IngestConfig>& spec) {
  using S = IngestConfig;
  spec.choice("format", &S::format, {"pushshift", "edges", "gml"},
              "input format: Pushshift NDJSON dumps, (user, subreddit, posts, comments) edge "
              "lists (TSV/CSV), or a networkx GML user network");
  spec.field("inputs", &S::inputs,
             "input files (plain, .gz or .zst); the gml format takes exactly one");
  spec.choice("delimiter", &S::delimiter, {"auto", "tab", "comma"},
              "edge-list delimiter; auto: .csv is comma, .tsv/.tab/.txt is tab");
  spec.field("drop_authors", &S::drop_authors,
             "user names that are not people; their records are dropped (ASCII case ignored, as "
             "Reddit names are)");
  spec.field("bot_list", &S::bot_list,
             "file of further names to drop, one per line ('#' comments); empty: none");
  spec.field("date_begin", &S::date_begin,
             "pushshift: keep records created at or after this UTC date (YYYY-MM-DD) or Unix "
             "second; empty: no bound")
      .check([](const std::string& t) { return time_problem(t).empty(); },
             "must be a date YYYY-MM-DD or Unix seconds");
  spec.field("date_end", &S::date_end,
             "pushshift: keep records created before this UTC date or Unix second; empty: no "
             "bound")
      .check([](const std::string& t) { return time_problem(t).empty(); },
             "must be a date YYYY-MM-DD or Unix seconds");
  spec.field("min_user_interactions", &S::min_user_interactions,
             "users with fewer posts + comments are dropped (before the subreddit minimum)")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("min_subreddit_interactions", &S::min_subreddit_interactions,
             "subreddits with fewer posts + comments from the remaining users are dropped")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("max_malformed_fraction", &S::max_malformed_fraction,
             "a file with more malformed records than this share of its records fails the job "
             "(after the ingest report is written)")
      .check([](double f) { return f >= 0 && f <= 1; }, "must be in [0, 1]");
  spec.field("drop_deleted_speakers", &S::drop_deleted_speakers,
             "gml: drop the deleted_speaker_* pseudo-users (deleted accounts)");
  spec.field("max_titles_per_user", &S::max_titles_per_user,
             "image-post titles embedded per user for the alignment vector")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("metadata", &S::metadata,
             "subreddit descriptions: NDJSON (display_name, public_description) or TSV (name, "
             "description); empty: none");
  spec.field("features", &S::features,
             "subreddit feature matrix (.npy with features_names, or .h5 with names and "
             "features); empty: the builtin text embedder over the descriptions");
  spec.field("features_names", &S::features_names,
             "text file naming the rows of a .npy feature matrix, one subreddit per line");
  spec.field("alignment", &S::alignment,
             "user alignment vectors (.h5 with names and vectors); empty: from image-post "
             "titles when the source has them");
  spec.field("validate", &S::validate, "check the written graph.h5 before reporting success");
  spec.validate([](const S& c) -> std::string {
    if (c.format != "pushshift" && (!c.date_begin.empty() || !c.date_end.empty())) {
      return "date_begin/date_end filter Pushshift records by time; the " + c.format +
             " format has no dates (leave them empty)";
    }
    if (!c.date_begin.empty() && !c.date_end.empty() &&
        *parse_utc_time(c.date_begin, "date_begin") >= *parse_utc_time(c.date_end, "date_end")) {
      return "date_begin (" + c.date_begin + ") must be before date_end (" + c.date_end + ")";
    }
    if (!c.features_names.empty() && c.features.empty()) {
      return "features_names is set but features is empty";
    }
    return {};
  });
}

}  // namespace zipp::graph
