#include "verbalize/evidence/evidence.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

#include "core/check.h"
#include "core/error.h"
#include "core/str.h"
#include "verbalize/evidence/token_estimate.h"

namespace zipp::verbalize {
namespace {

constexpr std::string_view kCommunitiesHeader = "Communities (most attended first):";
constexpr std::string_view kSnippetsHeader = "Comment snippets:";
constexpr std::string_view kCut = " ...";

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string community_head(const RankedSubreddit& c) {
  return core::str("- r/", c.name, " (weight ", core::fixed(c.weight, 3), ")");
}

std::string snippet_head(const Snippet& s) {
  return s.subreddit.empty() ? std::string("- ") : core::str("- [r/", s.subreddit, "] ");
}

// Text cut to at most `max_tokens` including the cut marker; "" when nothing fits.
std::string cut_to(const std::string& text, std::int64_t max_tokens) {
  if (estimate_tokens(text) <= max_tokens) return text;
  const std::int64_t room = max_tokens - estimate_tokens(kCut);
  if (room <= 0) return {};
  const std::string_view prefix = prefix_within_tokens(text, room);
  return prefix.empty() ? std::string() : core::str(prefix, kCut);
}

class Builder {
 public:
  std::int64_t used() const { return used_; }
  bool fits(std::string_view line, std::int64_t cap) const {
    return used_ + estimate_tokens(line) <= cap;
  }
  void add(std::string_view line) {
    if (!text_.empty()) text_ += '\n';
    text_ += line;
    used_ += estimate_tokens(line);
  }
  std::string take() { return std::move(text_); }

 private:
  std::int64_t used_ = 0;
  std::string text_;
};

// Snippets of communities in the evidence first (by community rank), then the rest, file order
// within each group.
std::vector<Snippet> order_snippets(const std::vector<Snippet>& snippets,
                                    const std::vector<RankedSubreddit>& communities) {
  auto rank_of = [&](const Snippet& s) {
    for (std::size_t r = 0; r < communities.size(); ++r) {
      if (!s.subreddit.empty() && communities[r].name == s.subreddit) return r;
    }
    return communities.size();
  };
  std::vector<std::pair<std::size_t, std::size_t>> keys;  // (rank, file position)
  for (std::size_t i = 0; i < snippets.size(); ++i) keys.emplace_back(rank_of(snippets[i]), i);
  std::stable_sort(keys.begin(), keys.end());
  std::vector<Snippet> out;
  for (const auto& [rank, i] : keys) {
    out.push_back({snippets[i].subreddit, one_line(snippets[i].text)});
  }
  return out;
}

void add_communities(std::vector<RankedSubreddit> ranked, std::int64_t cap, Builder& b,
                     Evidence& e) {
  if (ranked.empty() || !b.fits(kCommunitiesHeader, cap)) {
    e.communities_dropped = static_cast<std::int64_t>(ranked.size());
    return;
  }
  b.add(kCommunitiesHeader);
  std::size_t i = 0;
  for (; i < ranked.size(); ++i) {
    RankedSubreddit c = std::move(ranked[i]);
    c.description = one_line(std::move(c.description));
    const std::string head = community_head(c);
    const std::string full = c.description.empty() ? head : core::str(head, ": ", c.description);
    if (b.fits(full, cap)) {
      b.add(full);
      e.communities.push_back(std::move(c));
      continue;
    }
    // The first community that does not fit whole is the last: its description is cut to what
    // remains (or left out), so the evidence stays a prefix of the ranking.
    const std::int64_t room = cap - b.used() - estimate_tokens(head) - estimate_tokens(":");
    c.description = room > 0 ? cut_to(c.description, room) : std::string();
    const std::string line = c.description.empty() ? head : core::str(head, ": ", c.description);
    if (b.fits(line, cap)) {
      b.add(line);
      e.communities.push_back(std::move(c));
      ++i;
    }
    e.truncated = true;
    break;
  }
  e.communities_dropped = static_cast<std::int64_t>(ranked.size() - i);
}

void add_snippets(const std::vector<Snippet>& ordered, const EvidenceOptions& options, Builder& b,
                  Evidence& e) {
  const std::int64_t cap = options.token_budget;
  std::size_t i = 0;
  if (!ordered.empty() && b.fits(kSnippetsHeader, cap)) {
    for (; i < ordered.size(); ++i) {
      Snippet s = ordered[i];
      const std::string head = snippet_head(s);
      std::string text = cut_to(s.text, options.max_snippet_tokens);
      e.truncated = e.truncated || text != s.text;
      const std::int64_t header = e.snippets.empty() ? estimate_tokens(kSnippetsHeader) : 0;
      const std::int64_t room = cap - b.used() - header - estimate_tokens(head);
      if (!text.empty() && estimate_tokens(text) <= room) {
        s.text = std::move(text);
      } else {
        // The last snippet: cut to fit when enough room is left for it to say something.
        if (room >= options.min_snippet_tokens) s.text = cut_to(text, room);
        if (room < options.min_snippet_tokens || s.text.empty()) break;
        e.truncated = true;
        if (e.snippets.empty()) b.add(kSnippetsHeader);
        b.add(head + s.text);
        e.snippets.push_back(std::move(s));
        ++i;
        break;
      }
      if (e.snippets.empty()) b.add(kSnippetsHeader);
      b.add(head + s.text);
      e.snippets.push_back(std::move(s));
    }
  }
  e.snippets_dropped = static_cast<std::int64_t>(ordered.size() - i);
}

}  // namespace

Evidence build_evidence(const std::string& user, std::vector<RankedSubreddit> ranked,
                        const std::vector<Snippet>& snippets, const EvidenceOptions& options) {
  if (options.token_budget < 1) {
    throw core::ConfigError(
        core::str("evidence token budget: expected at least 1, found ", options.token_budget));
  }
  if (!(options.snippet_share >= 0 && options.snippet_share < 1)) {
    throw core::ConfigError(core::str("evidence snippet share: expected a value in [0, 1), found ",
                                      options.snippet_share));
  }
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [](const RankedSubreddit& a, const RankedSubreddit& b) { return a.weight > b.weight; });
  Evidence e;
  e.user = user;
  Builder b;
  const auto reserve =
      snippets.empty()
          ? std::int64_t{0}
          : static_cast<std::int64_t>(std::floor(options.snippet_share * options.token_budget));
  add_communities(std::move(ranked), options.token_budget - reserve, b, e);
  add_snippets(order_snippets(snippets, e.communities), options, b, e);
  e.truncated = e.truncated || e.communities_dropped > 0 || e.snippets_dropped > 0;
  e.text = b.take();
  e.tokens = estimate_tokens(e.text);
  ZIPP_ASSERT(e.tokens <= options.token_budget, "evidence of ", user, " within its budget of ",
              options.token_budget, " tokens; found ", e.tokens);
  return e;
}

}  // namespace zipp::verbalize
