// The `verbalize` configuration section: what `zipp verbalize` reads (embeddings.h5 or the
// graph's interactions, an optional snippets file, the prompt template) and writes
// (personas.jsonl), the evidence budget, and the reply cache (docs/personas.md "zipp verbalize").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/config/section_spec.h"
#include "verbalize/evidence/evidence.h"

namespace zipp::verbalize {

struct VerbalizeConfig {
  static constexpr std::string_view kName = "verbalize";
  std::string ranking = "attention";  // attention: embeddings.h5; interactions: graph.h5 counts
  std::string embeddings;             // "" = <run.dir>/embeddings.h5
  std::string output;                 // "" = <run.dir>/personas.jsonl
  std::string prompt = "configs/prompts/verbalize.md";
  std::string snippets;  // "" = none
  std::string cache;     // "" = <run.dir>/llm-cache
  std::int64_t top_k = 20;
  std::int64_t token_budget = 4096;
  double snippet_share = 0.25;
  std::int64_t max_snippet_tokens = 128;
  std::int64_t max_users = 0;      // 0: every user; else the first N
  std::int64_t batch_users = 256;  // users per batch of LLM requests

  static void describe(core::config::SectionSpec<VerbalizeConfig>& spec);

  std::filesystem::path resolve_embeddings(const std::filesystem::path& run_dir) const;
  std::filesystem::path resolve_output(const std::filesystem::path& run_dir) const;
  std::filesystem::path resolve_cache(const std::filesystem::path& run_dir) const;
  EvidenceOptions evidence_options() const;
};

}  // namespace zipp::verbalize
