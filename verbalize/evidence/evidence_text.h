// Reads rendered evidence (evidence.h) back from text: the community lines
// "- r/<name> (weight <w>): <description>" and, after the "Comment snippets:" line, the snippet
// lines "- [r/<name>] <text>" or "- <text>". Lines of any other shape are skipped, so the text may
// come embedded in a prompt. The builtin LLM backend reads its evidence this way.
#pragma once

#include <string_view>
#include <vector>

#include "verbalize/evidence/evidence.h"

namespace zipp::verbalize {

struct ParsedEvidence {
  std::vector<RankedSubreddit> communities;  // in text order
  std::vector<Snippet> snippets;
};

ParsedEvidence parse_evidence_text(std::string_view text);

}  // namespace zipp::verbalize
