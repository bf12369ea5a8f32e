// Personas for a batch of users (docs/personas.md "zipp verbalize"): evidence within the budget,
// the verbalization prompt, the LLM through the reply cache, and the reply validated against the
// persona schema. A user whose reply failed or did not validate has no persona; the outcome
// says why.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "verbalize/evidence/snippets.h"
#include "verbalize/llm/llm_client.h"
#include "verbalize/llm/llm_config.h"
#include "verbalize/persona/persona.h"
#include "verbalize/prompts/prompt_template.h"
#include "verbalize/run/request_cache.h"
#include "verbalize/run/user_inputs.h"

namespace zipp::verbalize {

struct VerbalizedBatch {
  std::vector<std::optional<Persona>> personas;  // one per user, in order
  std::vector<ChatOutcome> outcomes;             // one per user, in order
  std::int64_t cached = 0;
};

VerbalizedBatch verbalize_users(const std::vector<UserInput>& users, const SnippetIndex& snippets,
                                const PromptTemplate& prompt, const EvidenceOptions& evidence,
                                const LlmConfig& llm, LlmClient& client, RequestCache& cache,
                                const std::function<void(const ChatOutcome&)>& done = {});

}  // namespace zipp::verbalize
