// The author filters of Pushshift ingest: authors that are not people ([deleted], AutoModerator
// and the like) and known bots. Reddit user names are unique regardless of case, so names match
// ignoring ASCII case.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace zipp::graph {

enum class AuthorVerdict { kKeep, kDroppedAuthor, kDroppedBot };

class AuthorFilter {
 public:
  AuthorFilter(const std::vector<std::string>& drop_authors, const std::vector<std::string>& bots);

  AuthorVerdict check(std::string_view author) const;
  std::size_t num_bots() const { return bots_.size(); }

 private:
  std::unordered_set<std::string> drop_authors_;  // lower case
  std::unordered_set<std::string> bots_;          // lower case
};

// The names in a bot list file: one per line, surrounding whitespace ignored, '#' starts a
// comment, blank lines skipped. IoError when the file cannot be read.
std::vector<std::string> read_bot_list(const std::string& path);

}  // namespace zipp::graph
