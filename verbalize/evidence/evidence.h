// A user's persona evidence (docs method §3, docs/personas.md "Evidence"): its subreddits in
// attention order with weights and descriptions, then comment snippets, filling a token budget
// measured by estimate_tokens (token_estimate.h). The result is deterministic and rendered as the
// plain text the verbalization prompt carries; builtin_client.h parses that text back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "verbalize/evidence/snippets.h"

namespace zipp::verbalize {

struct RankedSubreddit {
  std::string name;
  double weight = 0;  // attention weight (or any ranking score), larger first
  std::string description;
};

struct EvidenceOptions {
  std::int64_t token_budget = 4096;
  // Share of the budget held back for snippets when the user has any (communities may still use
  // what snippets leave); 0 lets communities take everything first.
  double snippet_share = 0.25;
  std::int64_t max_snippet_tokens = 128;  // a longer snippet is cut to this
  std::int64_t min_snippet_tokens = 8;    // the last snippet is cut to fit only if this many remain
};

struct Evidence {
  std::string user;
  std::vector<RankedSubreddit> communities;  // included, by rank; the last description maybe cut
  std::vector<Snippet> snippets;             // included, in the order rendered
  std::int64_t communities_dropped = 0;      // ranked but left out for the budget
  std::int64_t snippets_dropped = 0;
  bool truncated = false;   // a description or snippet was cut, or anything dropped
  std::string text;         // the rendered evidence
  std::int64_t tokens = 0;  // estimate_tokens(text), never above the budget
};

// `ranked` in any order: communities are ranked by weight, larger first, ties keeping the given
// order. Newlines inside descriptions and snippets become spaces. ConfigError for a budget < 1 or
// a share outside [0, 1).
Evidence build_evidence(const std::string& user, std::vector<RankedSubreddit> ranked,
                        const std::vector<Snippet>& snippets, const EvidenceOptions& options);

}  // namespace zipp::verbalize
