#include "verbalize/run/rewrite_config.h"

#include <algorithm>

#include "core/str.h"

namespace zipp::verbalize {

void RewriteConfig::describe(core::config::SectionSpec<RewriteConfig>& spec) {
  spec.field("personas", &RewriteConfig::personas,
             "personas.jsonl to read (zipp verbalize); empty: <run.dir>/personas.jsonl");
  spec.field("prompts", &RewriteConfig::prompts,
             "base prompts, one per line (blank lines and lines starting with # skipped)");
  spec.field("examples", &RewriteConfig::examples,
             "k-shot examples, JSONL {\"user\": name, \"prompt\": text} in each user's order; "
             "empty: none");
  spec.field("output", &RewriteConfig::output,
             "jobs.jsonl to write (docs/formats.md \"Generation jobs\"); empty: "
             "<run.dir>/jobs.jsonl");
  spec.field("methods", &RewriteConfig::methods,
             "methods to make jobs for: no-persona, zipp-0shot, zipp-kshot")
      .check(
          [](const std::vector<std::string>& methods) {
            return !methods.empty() &&
                   std::all_of(methods.begin(), methods.end(), [](const std::string& m) {
                     return m == "no-persona" || m == "zipp-0shot" || m == "zipp-kshot";
                   });
          },
          "must be a non-empty list of no-persona, zipp-0shot, zipp-kshot");
  spec.field("k", &RewriteConfig::k, "examples per zipp-kshot job (the paper: 3 or 5)")
      .check([](std::int64_t k) { return k >= 1; }, "must be at least 1");
  spec.field("prompt", &RewriteConfig::prompt,
             "the roleplay rewriting template (zipp-0shot, zipp-kshot)");
  spec.field("plain_prompt", &RewriteConfig::plain_prompt,
             "the template of the no-persona baseline");
  spec.field("cache", &RewriteConfig::cache,
             "directory of cached LLM replies (shared with verbalize); empty: <run.dir>/llm-cache");
  spec.field("max_users", &RewriteConfig::max_users, "0: every persona; else the first N")
      .check([](std::int64_t n) { return n >= 0; }, "must be at least 0");
  spec.field("batch_jobs", &RewriteConfig::batch_jobs, "jobs per batch of LLM requests")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
}

std::filesystem::path RewriteConfig::resolve_personas(const std::filesystem::path& run_dir) const {
  return personas.empty() ? run_dir / "personas.jsonl" : std::filesystem::path(personas);
}

std::filesystem::path RewriteConfig::resolve_output(const std::filesystem::path& run_dir) const {
  return output.empty() ? run_dir / "jobs.jsonl" : std::filesystem::path(output);
}

std::filesystem::path RewriteConfig::resolve_cache(const std::filesystem::path& run_dir) const {
  return cache.empty() ? run_dir / "llm-cache" : std::filesystem::path(cache);
}

}  // namespace zipp::verbalize
