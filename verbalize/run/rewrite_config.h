// The `rewrite` configuration section: what `zipp rewrite` reads (personas.jsonl, base prompts,
// optional example prompts per user, the prompt templates) and writes (jobs.jsonl), and which
// methods it makes jobs for (docs/personas.md "zipp rewrite").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"

namespace zipp::verbalize {

struct RewriteConfig {
  static constexpr std::string_view kName = "rewrite";
  std::string personas;  // "" = <run.dir>/personas.jsonl
  std::string prompts = "configs/prompts/base-prompts.txt";
  std::string examples;  // "" = none: k-shot jobs get no examples
  std::string output;    // "" = <run.dir>/jobs.jsonl
  std::vector<std::string> methods = {"no-persona", "zipp-0shot", "zipp-kshot"};
  std::int64_t k = 3;
  std::string prompt = "configs/prompts/rewrite.md";
  std::string plain_prompt = "configs/prompts/rewrite-plain.md";
  std::string cache;  // "" = <run.dir>/llm-cache
  std::int64_t max_users = 0;
  std::int64_t batch_jobs = 256;

  static void describe(core::config::SectionSpec<RewriteConfig>& spec);

  std::filesystem::path resolve_personas(const std::filesystem::path& run_dir) const;
  std::filesystem::path resolve_output(const std::filesystem::path& run_dir) const;
  std::filesystem::path resolve_cache(const std::filesystem::path& run_dir) const;
};

}  // namespace zipp::verbalize
