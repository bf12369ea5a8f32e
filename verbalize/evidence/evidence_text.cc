#include "verbalize/evidence/evidence_text.h"

#include <charconv>
#include <string>

namespace zipp::verbalize {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "- r/Name (weight 0.123): description" or "- r/Name (weight 0.123)".
bool parse_community(std::string_view line, RankedSubreddit& out) {
  if (!starts_with(line, "- r/")) return false;
  line.remove_prefix(4);
  const auto open = line.find(" (weight ");
  if (open == std::string_view::npos || open == 0) return false;
  const auto close = line.find(')', open);
  if (close == std::string_view::npos) return false;
  const std::string_view number = line.substr(open + 9, close - open - 9);
  double weight = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), weight);
  if (ec != std::errc() || end != number.data() + number.size()) return false;
  out.name = std::string(line.substr(0, open));
  out.weight = weight;
  std::string_view rest = line.substr(close + 1);
  out.description = starts_with(rest, ": ") ? std::string(rest.substr(2)) : std::string();
  return true;
}

bool parse_snippet(std::string_view line, Snippet& out) {
  if (!starts_with(line, "- ")) return false;
  line.remove_prefix(2);
  out.subreddit.clear();
  if (starts_with(line, "[r/")) {
    const auto close = line.find("] ");
    if (close != std::string_view::npos) {
      out.subreddit = std::string(line.substr(3, close - 3));
      line.remove_prefix(close + 2);
    }
  }
  out.text = std::string(line);
  return !out.text.empty();
}

}  // namespace

ParsedEvidence parse_evidence_text(std::string_view text) {
  ParsedEvidence parsed;
  bool in_snippets = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "Comment snippets:") {
      in_snippets = true;
      continue;
    }
    if (line == "Communities (most attended first):") {
      in_snippets = false;
      continue;
    }
    if (in_snippets) {
      Snippet s;
      if (parse_snippet(line, s)) parsed.snippets.push_back(std::move(s));
    } else {
      RankedSubreddit c;
      if (parse_community(line, c)) parsed.communities.push_back(std::move(c));
    }
  }
  return parsed;
}

}  // namespace zipp::verbalize
