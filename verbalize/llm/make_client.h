// Picks the LLM backend the `llm` section names (docs/personas.md "LLM client"): builtin, the
// offline stand-in, or openai, an OpenAI-compatible server.
#pragma once

#include <cstdint>
#include <memory>

#include "verbalize/llm/llm_client.h"
#include "verbalize/llm/llm_config.h"

namespace zipp::verbalize {

// jitter_seed: the openai backend's back-off draws (e.g. the run seed mixed with the rank).
// ConfigError for an unknown backend or openai without llm.model.
std::unique_ptr<LlmClient> make_llm_client(const LlmConfig& config, std::uint64_t jitter_seed);

}  // namespace zipp::verbalize
