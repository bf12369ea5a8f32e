// Ingest of Pushshift Reddit dumps (comments and submissions, NDJSON, plain / .gz / .zst) into an
// EdgeTable, in parallel over MPI ranks. Each rank reads its share of the input (whole files, or
// byte ranges of big plain files), filters and counts (user, subreddit) posts and comments, then
// the counts are exchanged so the rank owning hash(user) holds a user's complete counts; the
// per-user and per-subreddit minimums apply to those global totals. The order of the filters is
// documented in docs/ingest.md.
//
// Bad input never passes silently: every malformed record is counted by reason and the report
// summarises them per file; more than max_malformed_fraction of malformed records fails the job
// (after all input is read and the report is logged, so nothing already counted is lost from the
// report). Truncated or corrupt compressed input is an InputError naming the file and offset.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "graph/ingest/edge_table.h"

namespace zipp::core::comm {
class Communicator;
}

namespace zipp::graph {

struct PushshiftOptions {
  std::vector<std::string> inputs;  // dump files, any mix of plain, .gz and .zst
  // Records by these authors are dropped (names compared ignoring ASCII case, as Reddit does).
  std::vector<std::string> drop_authors = {"[deleted]", "AutoModerator"};
  // A file of bot names, one per line, '#' starts a comment; empty: none. Dropped like
  // drop_authors.
  std::string bot_list;
  // Keep records with date_begin <= created_utc < date_end (unix seconds); unset: unbounded.
  std::optional<std::int64_t> date_begin;
  std::optional<std::int64_t> date_end;
  // After the record filters: users with fewer interactions (posts + comments over all their
  // subreddits) are dropped, then subreddits with fewer interactions from the remaining users.
  std::int64_t min_user_interactions = 1;
  std::int64_t min_subreddit_interactions = 1;
  // A file whose malformed records / records read is above this fails the job, after all input
  // is read and the report logged (docs/ingest.md).
  double max_malformed_fraction = 0.001;
  // Image-post titles kept per user (the first ones by file order and position).
  std::int64_t max_titles_per_user = 75;
  // Plain files larger than this are split into byte ranges over the ranks.
  std::uint64_t split_bytes = std::uint64_t{256} << 20;
};

// Why a record was not counted although its line was read.
enum class MalformedReason {
  kInvalidJson,       // not a JSON object
  kMissingAuthor,     // no "author", or not a string, or empty
  kMissingSubreddit,  // no "subreddit", or not a string, or empty
  kBadCreatedUtc,     // no "created_utc", or not an integer / integer string
  kBadField,          // a typed field of the wrong type (title, url, over_18, post_hint)
  kUnknownKind,       // neither a submission ("title") nor a comment ("body" or "link_id")
};
inline constexpr int kNumMalformedReasons = 6;

// "invalid_json", "missing_author", "missing_subreddit", "bad_created_utc", "bad_field",
// "unknown_kind".
const char* malformed_reason_name(MalformedReason reason);

struct FileReport {
  std::string path;
  std::int64_t bytes = 0;  // decompressed bytes read
  std::int64_t records = 0;
  std::int64_t malformed = 0;
  // First malformed record of this file: its decompressed byte offset (-1: none) and reason.
  std::int64_t first_malformed_offset = -1;
  std::string first_malformed_reason;
  // Why reading stopped early (truncated or corrupt compressed data, a failed read); empty when
  // the file was read to its end. Records before that point are counted.
  std::string error;

  double malformed_fraction() const {
    return records == 0 ? 0.0 : static_cast<double>(malformed) / records;
  }
};

struct IngestReport {
  std::int64_t bytes = 0;                // decompressed bytes read, all ranks
  std::int64_t records_read = 0;         // non-empty lines
  std::int64_t records_kept = 0;         // counted as posts or comments
  std::int64_t posts = 0;                // of records_kept
  std::int64_t comments = 0;             // of records_kept
  std::int64_t image_posts = 0;          // kept submissions recognised as images, over_18 ones too
  std::int64_t image_posts_over_18 = 0;  // of image_posts: counted as posts, no title kept
  std::int64_t titles_kept = 0;          // image titles in the result (after the per-user cap)
  // Records dropped by a record filter, by filter: "author", "bot", "date".
  std::map<std::string, std::int64_t> dropped_by_filter;
  std::map<std::string, std::int64_t> malformed_by_reason;  // by malformed_reason_name
  std::int64_t malformed = 0;
  // The per-user and per-subreddit minimums.
  std::int64_t users_before_min = 0;
  std::int64_t users_dropped_min = 0;
  std::int64_t subreddits_before_min = 0;
  std::int64_t subreddits_dropped_min = 0;
  // In the result: users (users_before_min - users_dropped_min - users_kept were left with no
  // subreddit by the per-subreddit minimum), subreddits and (user, subreddit) pairs.
  std::int64_t users_kept = 0;
  std::int64_t subreddits_kept = 0;
  std::int64_t pairs = 0;
  double seconds = 0;
  std::vector<FileReport> files;  // in the order of PushshiftOptions::inputs

  double malformed_fraction() const {
    return records_read == 0 ? 0.0 : static_cast<double>(malformed) / records_read;
  }
  // A multi-line human summary: totals, filters, malformed records by reason and per file.
  std::string summary() const;
};

// The job failed on bad input (truncated or corrupt files, too many malformed records), but
// everything that could be read was read and aggregated: the error carries the complete report
// and the table built from the good input (on rank 0), so nothing already aggregated is lost.
class PushshiftIngestError : public core::InputError {
 public:
  PushshiftIngestError(const std::string& message, IngestReport report, EdgeTable partial)
      : core::InputError(message), report_(std::move(report)), partial_(std::move(partial)) {}
  const IngestReport& report() const { return report_; }
  // Rank 0: the table over every record read before the failure; empty elsewhere.
  const EdgeTable& partial_table() const { return partial_; }

 private:
  IngestReport report_;
  EdgeTable partial_;
};

// Collective over comm. Returns the complete table on rank 0 (users and subreddits sorted by
// name, interactions sorted by (user, subreddit) and unique, image titles in input order), so
// the result does not depend on the number of ranks; an empty table elsewhere. The report, when
// given, is filled on every rank with the global figures, and its summary is logged.
// PushshiftIngestError (an InputError, thrown on every rank with the same message) for
// truncated or corrupt input or a file whose malformed fraction is over the limit; IoError for
// a missing or unreadable file and ConfigError for bad options, both before anything is read.
EdgeTable ingest_pushshift(const core::comm::Communicator& comm, const PushshiftOptions& options,
                           IngestReport* report = nullptr);

}  // namespace zipp::graph
