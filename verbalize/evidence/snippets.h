// Comment snippets, the optional second kind of persona evidence: a JSONL file, one object per
// line, {"user": "<user name>", "subreddit": "<name>" (optional), "text": "<comment text>"}
// (docs/formats.md "Comment snippets"). A user's snippets keep their file order.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zipp::verbalize {

struct Snippet {
  std::string subreddit;  // "" when the line names none
  std::string text;
};

class SnippetIndex {
 public:
  // Reads `path`, keeping only users for which `keep` answers true (every user when empty).
  // InputError naming the file and line for a line that is not a JSON object, lacks a non-empty
  // string "user" or "text", has a "subreddit" that is not a string, or carries another key;
  // IoError when the file cannot be read. Blank lines are skipped.
  static SnippetIndex read(const std::filesystem::path& path,
                           const std::function<bool(std::string_view user)>& keep = {});

  void add(const std::string& user, Snippet snippet);
  // The user's snippets in file order; empty when it has none.
  const std::vector<Snippet>& of(const std::string& user) const;
  std::size_t users() const { return by_user_.size(); }

 private:
  std::unordered_map<std::string, std::vector<Snippet>> by_user_;
};

}  // namespace zipp::verbalize
