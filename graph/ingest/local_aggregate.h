// One rank's share of Pushshift ingest: the records it read, filtered and counted per
// (user, subreddit), plus image-post titles per user. Record filters apply here in the order of
// docs/ingest.md; the per-user and per-subreddit minimums need global totals and apply after the
// exchange (graph/ingest/pushshift_exchange.h).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/ingest/author_filter.h"
#include "graph/ingest/name_table.h"
#include "graph/ingest/pair_counts.h"
#include "graph/ingest/pushshift_ingest.h"
#include "graph/ingest/pushshift_record.h"

namespace zipp::graph {

// An image-post title and where it was read: (file index, decompressed offset) orders titles
// the same way whichever rank read them.
struct ImageTitle {
  std::uint32_t file = 0;
  std::uint64_t offset = 0;
  std::string text;
};

// Keeps the first `cap` titles in (file, offset) order, sorted.
void keep_first_titles(std::vector<ImageTitle>& titles, std::int64_t cap);

// Record counts on one rank, summed over ranks for the report.
struct RecordTally {
  std::int64_t records_read = 0;
  std::int64_t kept = 0;
  std::int64_t posts = 0;
  std::int64_t comments = 0;
  std::int64_t image_posts = 0;
  std::int64_t image_posts_over_18 = 0;
  std::int64_t dropped_author = 0;
  std::int64_t dropped_bot = 0;
  std::int64_t dropped_date = 0;
  std::array<std::int64_t, kNumMalformedReasons> malformed{};
};

class LocalAggregate {
 public:
  LocalAggregate(const PushshiftOptions& options, const std::vector<std::string>& bots);

  // Filters and counts one well-formed record read at (file, offset).
  void add(const PushshiftRecord& record, std::uint32_t file, std::uint64_t offset);
  void add_malformed(MalformedReason reason) {
    ++tally_.records_read;
    ++tally_.malformed[static_cast<int>(reason)];
  }

  const NameTable& users() const { return users_; }
  const NameTable& subreddits() const { return subreddits_; }
  const PairCounts& pairs() const { return pairs_; }
  // By local user id; each list holds at most twice the cap (trim with keep_first_titles).
  std::unordered_map<std::uint32_t, std::vector<ImageTitle>>& titles() { return titles_; }
  const RecordTally& tally() const { return tally_; }

 private:
  AuthorFilter author_filter_;
  std::int64_t date_begin_;
  std::int64_t date_end_;
  std::int64_t max_titles_;
  NameTable users_;
  std::vector<AuthorVerdict> user_verdicts_;  // by local user id
  NameTable subreddits_;
  PairCounts pairs_;
  std::unordered_map<std::uint32_t, std::vector<ImageTitle>> titles_;
  RecordTally tally_;
};

}  // namespace zipp::graph
