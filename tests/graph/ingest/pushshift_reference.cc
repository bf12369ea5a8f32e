#include "tests/graph/ingest/pushshift_reference.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

namespace zipp::graph::testing {
namespace {

using Json = nlohmann::json;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool image_url(const std::string& url) {
  static const std::regex kUrl(
      R"(^(?:[A-Za-z][A-Za-z0-9+.\-]*://)?([^/?#:]*)(?::[0-9]*)?(/[^?#]*)?.*$)");
  std::smatch match;
  if (!std::regex_match(url, match, kUrl)) return false;
  const std::string host = lower(match[1].str());
  if (host == "i.redd.it" || host == "i.imgur.com") return true;
  const std::string path = lower(match[2].str());
  for (const char* extension : {".jpg", ".jpeg", ".png", ".gif", ".webp"}) {
    if (ends_with(path, extension)) return true;
  }
  return false;
}

bool string_or_null(const Json& record, const char* key) {
  return !record.contains(key) || record[key].is_string() || record[key].is_null();
}

std::string string_field(const Json& record, const char* key) {
  return record.contains(key) && record[key].is_string() ? record[key].get<std::string>() : "";
}

// The reason index of a malformed record, or -1; sets created when well formed.
int classify(const std::string& line, Json& record, std::int64_t& created) {
  try {
    record = Json::parse(line);
  } catch (const Json::parse_error&) {
    return 0;
  }
  if (!record.is_object()) return 0;
  if (!record.contains("author") || !record["author"].is_string() ||
      record["author"].get<std::string>().empty()) {
    return 1;
  }
  if (!record.contains("subreddit") || !record["subreddit"].is_string() ||
      record["subreddit"].get<std::string>().empty()) {
    return 2;
  }
  if (!record.contains("created_utc")) return 3;
  const Json& utc = record["created_utc"];
  if (utc.is_number_integer() && !utc.is_number_unsigned()) {
    created = utc.get<std::int64_t>();
  } else if (utc.is_number_unsigned()) {
    if (utc.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return 3;
    created = utc.get<std::int64_t>();
  } else if (utc.is_number_float()) {
    created = static_cast<std::int64_t>(std::floor(utc.get<double>()));
  } else if (utc.is_string()) {
    static const std::regex kNumber(R"(^-?[0-9]+(\.[0-9]*)?$)");
    const std::string text = utc.get<std::string>();
    if (!std::regex_match(text, kNumber)) return 3;
    created = static_cast<std::int64_t>(std::floor(std::stod(text)));
  } else {
    return 3;
  }
  if (!string_or_null(record, "title") || !string_or_null(record, "url") ||
      !string_or_null(record, "post_hint")) {
    return 4;
  }
  if (record.contains("over_18") && !record["over_18"].is_boolean() &&
      !record["over_18"].is_null()) {
    return 4;
  }
  if (!record.contains("title") && !record.contains("body") && !record.contains("link_id")) {
    return 5;
  }
  return -1;
}

struct TitleAt {
  std::size_t file, line;
  std::string text;
};

}  // namespace

Aggregation reference_aggregate(const std::vector<std::vector<std::string>>& files,
                                const PushshiftOptions& options,
                                const std::vector<std::string>& bots) {
  std::set<std::string> drop;
  for (const std::string& name : options.drop_authors) drop.insert(lower(name));
  std::set<std::string> bot_set;
  for (const std::string& name : bots) bot_set.insert(lower(name));
  Aggregation out;
  std::map<std::string, std::vector<std::string>> titles;
  for (std::size_t f = 0; f < files.size(); ++f) {
    for (const std::string& line : files[f]) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      ++out.records;
      Json record;
      std::int64_t created = 0;
      const int reason = classify(line, record, created);
      if (reason >= 0) {
        ++out.malformed[reason];
        continue;
      }
      const std::string author = record["author"];
      if (drop.contains(lower(author))) {
        ++out.dropped_author;
        continue;
      }
      if (bot_set.contains(lower(author))) {
        ++out.dropped_bot;
        continue;
      }
      if ((options.date_begin && created < *options.date_begin) ||
          (options.date_end && created >= *options.date_end)) {
        ++out.dropped_date;
        continue;
      }
      ++out.kept;
      auto& counts = out.edges[author][record["subreddit"].get<std::string>()];
      if (!record.contains("title")) {
        ++counts.second;
        continue;
      }
      ++counts.first;
      if (string_field(record, "post_hint") != "image" && !image_url(string_field(record, "url"))) {
        continue;
      }
      ++out.image_posts;
      if (record.contains("over_18") && record["over_18"].is_boolean() &&
          record["over_18"].get<bool>()) {
        ++out.image_posts_over_18;
        continue;
      }
      const std::string title = string_field(record, "title");
      if (!title.empty() &&
          static_cast<std::int64_t>(titles[author].size()) < options.max_titles_per_user) {
        titles[author].push_back(title);
      }
    }
  }
  // The minimums: users first, then subreddits over the remaining users.
  for (auto it = out.edges.begin(); it != out.edges.end();) {
    std::int64_t total = 0;
    for (const auto& [subreddit, counts] : it->second) total += counts.first + counts.second;
    it = total < options.min_user_interactions ? out.edges.erase(it) : std::next(it);
  }
  std::map<std::string, std::int64_t> subreddit_totals;
  for (const auto& [user, subreddits] : out.edges) {
    for (const auto& [subreddit, counts] : subreddits) {
      subreddit_totals[subreddit] += counts.first + counts.second;
    }
  }
  for (auto it = out.edges.begin(); it != out.edges.end();) {
    std::erase_if(it->second, [&](const auto& entry) {
      return subreddit_totals[entry.first] < options.min_subreddit_interactions;
    });
    it = it->second.empty() ? out.edges.erase(it) : std::next(it);
  }
  for (auto& [user, list] : titles) {
    if (out.edges.contains(user)) out.titles[user] = std::move(list);
  }
  return out;
}

Aggregation from_table(const EdgeTable& table) {
  Aggregation out;
  for (const Interaction& edge : table.interactions) {
    auto& counts = out.edges[table.users.at(edge.user)][table.subreddits.at(edge.subreddit)];
    counts.first += edge.posts;
    counts.second += edge.comments;
  }
  for (const auto& [user, titles] : table.image_titles) out.titles[table.users.at(user)] = titles;
  return out;
}

}  // namespace zipp::graph::testing
