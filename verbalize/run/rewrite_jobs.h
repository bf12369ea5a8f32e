// Generation jobs (docs/formats.md "Generation jobs"): one per (user, base prompt, method), the
// methods no-persona (the plain template), zipp-0shot (the roleplay template) and zipp-kshot (the
// roleplay template with up to k of the user's example prompts). The job id is
// "<user>/p<prompt index>/<method>"; the seed is derived from the id's "<user>/p<index>" part,
// so the methods of one (user, prompt) draw with the same seed and differ only by their prompt.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "verbalize/llm/llm_client.h"
#include "verbalize/llm/llm_config.h"
#include "verbalize/persona/persona.h"
#include "verbalize/prompts/prompt_template.h"
#include "verbalize/run/request_cache.h"

namespace zipp::verbalize {

inline constexpr int kJobsFormatVersion = 1;

struct Job {
  std::string id;
  std::string user;
  std::int64_t user_id = -1;
  std::string method;
  std::int64_t prompt_index = 0;
  std::string base_prompt;
  std::vector<std::string> examples;  // zipp-kshot only
  std::string prompt;                 // the rewritten prompt, once answered
  std::int64_t seed = 0;              // in [0, 2^53): exact in JSON
};

// Seed of "<user>/p<index>": 53 bits of a stable hash.
std::int64_t job_seed(const std::string& user, std::int64_t prompt_index);

// Jobs in (persona, prompt, method) order.
std::vector<Job> make_jobs(
    const std::vector<Persona>& personas, const std::vector<std::string>& base_prompts,
    const std::vector<std::string>& methods,
    const std::unordered_map<std::string, std::vector<std::string>>& examples, std::int64_t k);

struct RewriteTemplates {
  const PromptTemplate* roleplay = nullptr;
  const PromptTemplate* plain = nullptr;
};

struct RewrittenBatch {
  std::vector<ChatOutcome> outcomes;  // one per job; on success job.prompt is set
  std::int64_t cached = 0;
};

// Answers jobs[i] for the personas by user name; the reply's first line, trimmed of spaces and
// quotes, is the rewritten prompt (an empty one fails as invalid).
RewrittenBatch rewrite_jobs(std::vector<Job>& jobs,
                            const std::unordered_map<std::string, const Persona*>& personas,
                            const RewriteTemplates& templates, const LlmConfig& llm,
                            LlmClient& client, RequestCache& cache,
                            const std::function<void(const ChatOutcome&)>& done = {});

// One jobs.jsonl line (no newline).
std::string job_json(const Job& job);

}  // namespace zipp::verbalize
