// IngestReport::summary and the names of malformed-record reasons
// (graph/ingest/pushshift_ingest.h).
#include <iomanip>
#include <sstream>

#include "core/progress.h"
#include "core/str.h"
#include "graph/ingest/pushshift_ingest.h"

namespace zipp::graph {
namespace {

std::string percent(std::int64_t part, std::int64_t whole) {
  std::ostringstream out;
  out << std::setprecision(3) << (whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / whole)
      << "%";
  return out.str();
}

std::string joined_counts(const std::map<std::string, std::int64_t>& counts) {
  std::string out;
  for (const auto& [name, count] : counts) {
    if (count == 0) continue;
    if (!out.empty()) out += ", ";
    out += core::str(name, " ", count);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

const char* malformed_reason_name(MalformedReason reason) {
  switch (reason) {
    case MalformedReason::kInvalidJson:
      return "invalid_json";
    case MalformedReason::kMissingAuthor:
      return "missing_author";
    case MalformedReason::kMissingSubreddit:
      return "missing_subreddit";
    case MalformedReason::kBadCreatedUtc:
      return "bad_created_utc";
    case MalformedReason::kBadField:
      return "bad_field";
    case MalformedReason::kUnknownKind:
      return "unknown_kind";
  }
  return "unknown";
}

std::string IngestReport::summary() const {
  std::ostringstream out;
  const double mb = static_cast<double>(bytes) / 1e6;
  out << "Pushshift ingest: " << files.size() << " files, " << core::format_human(mb)
      << " MB decompressed, " << records_read << " records in " << std::fixed
      << std::setprecision(1) << seconds << " s ("
      << core::format_human(seconds > 0 ? mb / seconds : 0) << " MB/s)\n";
  out << "  kept " << records_kept << " records (" << posts << " posts, " << comments
      << " comments); image posts " << image_posts << " (over_18 " << image_posts_over_18
      << ", no title kept); image titles kept " << titles_kept << "\n";
  out << "  dropped by filter: " << joined_counts(dropped_by_filter) << "\n";
  out << "  malformed: " << malformed << " of " << records_read << " ("
      << percent(malformed, records_read) << "): " << joined_counts(malformed_by_reason) << "\n";
  const std::int64_t users_without_subreddits = users_before_min - users_dropped_min - users_kept;
  out << "  users: " << users_before_min << " counted, " << users_dropped_min
      << " below the per-user minimum, " << users_without_subreddits << " left without subreddits, "
      << users_kept << " kept\n";
  out << "  subreddits: " << subreddits_before_min << " counted, " << subreddits_dropped_min
      << " below the per-subreddit minimum, " << subreddits_kept << " kept; " << pairs
      << " (user, subreddit) pairs\n";
  for (const FileReport& file : files) {
    out << "  " << core::quoted(file.path) << ": " << file.bytes << " bytes, " << file.records
        << " records, " << file.malformed << " malformed";
    if (file.malformed > 0) {
      out << " (" << percent(file.malformed, file.records) << "; first at byte offset "
          << file.first_malformed_offset << ": " << file.first_malformed_reason << ")";
    }
    if (!file.error.empty()) out << "; READ STOPPED: " << file.error;
    out << "\n";
  }
  std::string text = out.str();
  if (!text.empty()) text.pop_back();
  return text;
}

}  // namespace zipp::graph
