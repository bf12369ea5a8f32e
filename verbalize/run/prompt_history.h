// The image-prompt history of a synthetic graph's users, for zipp-kshot (docs/personas.md "Prompt
// history of synthetic users"): each visual user's own image-post titles, replayed from graph.h5's
// ground truth (graph/synth/posted_titles.h), written as the `rewrite.examples` JSONL
// ({"user": "<name>", "prompt": "<title>"} per line, users in id order, each user's distinct
// titles in posting order). It plays the part a real dataset's prompt history would; users
// without visual behaviour have none.
#pragma once

#include <cstdint>
#include <filesystem>

namespace zipp::verbalize {

struct PromptHistorySummary {
  std::int64_t users = 0;         // users in the graph
  std::int64_t with_history = 0;  // users with at least one prompt (the visual users)
  std::int64_t prompts = 0;       // lines written
};

// Writes `output` atomically from the synthetic graph at `graph`, reading `block_users` users at
// a time. InputError naming the file when the graph has no /truth (a real graph's history comes
// with its dataset); IoError when the output cannot be written.
PromptHistorySummary write_prompt_history(const std::filesystem::path& graph,
                                          const std::filesystem::path& output,
                                          std::int64_t block_users = 65536);

}  // namespace zipp::verbalize
