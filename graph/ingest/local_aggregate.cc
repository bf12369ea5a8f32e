#include "graph/ingest/local_aggregate.h"

#include <algorithm>
#include <limits>

#include "graph/ingest/image_post.h"

namespace zipp::graph {

void keep_first_titles(std::vector<ImageTitle>& titles, std::int64_t cap) {
  const auto before = [](const ImageTitle& a, const ImageTitle& b) {
    return a.file != b.file ? a.file < b.file : a.offset < b.offset;
  };
  const auto keep = static_cast<std::size_t>(std::max<std::int64_t>(cap, 0));
  if (titles.size() > keep) {
    std::nth_element(titles.begin(), titles.begin() + static_cast<std::ptrdiff_t>(keep),
                     titles.end(), before);
    titles.resize(keep);
  }
  std::sort(titles.begin(), titles.end(), before);
}

LocalAggregate::LocalAggregate(const PushshiftOptions& options,
                               const std::vector<std::string>& bots)
    : author_filter_(options.drop_authors, bots),
      date_begin_(options.date_begin.value_or(std::numeric_limits<std::int64_t>::min())),
      date_end_(options.date_end.value_or(std::numeric_limits<std::int64_t>::max())),
      max_titles_(options.max_titles_per_user) {}

void LocalAggregate::add(const PushshiftRecord& record, std::uint32_t file, std::uint64_t offset) {
  ++tally_.records_read;
  const auto [user, added] = users_.intern(record.author);
  if (added) user_verdicts_.push_back(author_filter_.check(record.author));
  switch (user_verdicts_[user]) {
    case AuthorVerdict::kDroppedAuthor:
      ++tally_.dropped_author;
      return;
    case AuthorVerdict::kDroppedBot:
      ++tally_.dropped_bot;
      return;
    case AuthorVerdict::kKeep:
      break;
  }
  if (record.created_utc < date_begin_ || record.created_utc >= date_end_) {
    ++tally_.dropped_date;
    return;
  }
  const std::uint32_t subreddit = subreddits_.intern(record.subreddit).first;
  PairCounts::Entry& counts = pairs_.at(user, subreddit);
  ++tally_.kept;
  if (record.kind == RecordKind::kComment) {
    ++counts.comments;
    ++tally_.comments;
    return;
  }
  ++counts.posts;
  ++tally_.posts;
  if (!is_image_post(record.post_hint, record.url)) return;
  ++tally_.image_posts;
  if (record.over_18) {
    ++tally_.image_posts_over_18;
    return;
  }
  if (record.title.empty() || max_titles_ <= 0) return;
  std::vector<ImageTitle>& titles = titles_[user];
  titles.push_back(ImageTitle{file, offset, std::string(record.title)});
  if (static_cast<std::int64_t>(titles.size()) >= 2 * max_titles_) {
    keep_first_titles(titles, max_titles_);
  }
}

}  // namespace zipp::graph
