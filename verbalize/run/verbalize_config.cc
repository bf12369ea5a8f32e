#include "verbalize/run/verbalize_config.h"

namespace zipp::verbalize {
namespace {

bool at_least_one(std::int64_t n) { return n >= 1; }

}  // namespace

void VerbalizeConfig::describe(core::config::SectionSpec<VerbalizeConfig>& spec) {
  spec.choice("ranking", &VerbalizeConfig::ranking, {"attention", "interactions"},
              "attention: each user's subreddits as zipp embed ranked them (embeddings.h5); "
              "interactions: ranked by posts + comments in graph.h5 (no trained model needed)");
  spec.field("embeddings", &VerbalizeConfig::embeddings,
             "ranking=attention: embeddings.h5 to read; empty: <run.dir>/embeddings.h5");
  spec.field("output", &VerbalizeConfig::output,
             "personas.jsonl to write (docs/formats.md \"Personas\"); empty: "
             "<run.dir>/personas.jsonl");
  spec.field("prompt", &VerbalizeConfig::prompt,
             "the verbalization prompt template (docs/personas.md \"Prompt templates\")");
  spec.field(
      "snippets", &VerbalizeConfig::snippets,
      "optional comment snippets, JSONL (docs/formats.md \"Comment snippets\"); empty: none");
  spec.field("cache", &VerbalizeConfig::cache,
             "directory of cached LLM replies keyed by a hash of the request (a rerun repeats "
             "nothing that succeeded); empty: <run.dir>/llm-cache");
  spec.field("top_k", &VerbalizeConfig::top_k, "most subreddits per user in the evidence")
      .check(at_least_one, "must be at least 1");
  spec.field("token_budget", &VerbalizeConfig::token_budget,
             "evidence budget in estimated tokens (docs/personas.md \"Evidence\")")
      .check(at_least_one, "must be at least 1");
  spec.field("snippet_share", &VerbalizeConfig::snippet_share,
             "share of the budget held back for comment snippets when a user has any")
      .check([](double v) { return v >= 0 && v < 1; }, "must be in [0, 1)");
  spec.field("max_snippet_tokens", &VerbalizeConfig::max_snippet_tokens,
             "a longer snippet is cut to this many tokens")
      .check(at_least_one, "must be at least 1");
  spec.field("max_users", &VerbalizeConfig::max_users, "0: every user; else the first N")
      .check([](std::int64_t n) { return n >= 0; }, "must be at least 0");
  spec.field("batch_users", &VerbalizeConfig::batch_users,
             "users per batch of LLM requests (replies are cached as they arrive)")
      .check(at_least_one, "must be at least 1");
}

std::filesystem::path VerbalizeConfig::resolve_embeddings(
    const std::filesystem::path& run_dir) const {
  return embeddings.empty() ? run_dir / "embeddings.h5" : std::filesystem::path(embeddings);
}

std::filesystem::path VerbalizeConfig::resolve_output(const std::filesystem::path& run_dir) const {
  return output.empty() ? run_dir / "personas.jsonl" : std::filesystem::path(output);
}

std::filesystem::path VerbalizeConfig::resolve_cache(const std::filesystem::path& run_dir) const {
  return cache.empty() ? run_dir / "llm-cache" : std::filesystem::path(cache);
}

EvidenceOptions VerbalizeConfig::evidence_options() const {
  EvidenceOptions o;
  o.token_budget = token_budget;
  o.snippet_share = snippet_share;
  o.max_snippet_tokens = max_snippet_tokens;
  return o;
}

}  // namespace zipp::verbalize
