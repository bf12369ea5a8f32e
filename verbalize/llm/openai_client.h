// The `openai` LLM backend: POST <base_url>/chat/completions to any OpenAI-compatible server
// (vLLM, llama.cpp server, Ollama, OpenAI) from a pool of worker threads, each with its own
// keep-alive connection, with connect/read/total timeouts and retries (429/5xx, timeouts, broken
// connections, malformed or truncated replies) under exponential back-off with jitter and
// Retry-After. Every request ends as exactly one outcome; the API key is sent only in the
// Authorization header and scrubbed from everything recorded or logged. docs/personas.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "verbalize/llm/api_key.h"
#include "verbalize/llm/http_session.h"
#include "verbalize/llm/llm_client.h"
#include "verbalize/llm/llm_config.h"
#include "verbalize/llm/retry_policy.h"

namespace zipp::verbalize {

struct OpenAiSettings {
  std::string base_url;  // up to and including /v1
  std::string model;
  ApiKey api_key;  // empty: no Authorization header
  int concurrency = 4;
  HttpTimeouts timeouts;
  RetryPolicy retry;
  std::uint64_t jitter_seed = 0;  // back-off draws: stream (jitter_seed, request index)

  // From the llm section; the key from the environment variable llm.api_key_env.
  static OpenAiSettings from_config(const LlmConfig& config, std::uint64_t jitter_seed);
};

class OpenAiClient final : public LlmClient {
 public:
  explicit OpenAiClient(OpenAiSettings settings);

  std::string_view backend() const override { return "openai"; }
  // "<model>@<base_url>".
  std::string model_identity() const override;
  std::vector<ChatOutcome> complete(const std::vector<ChatRequest>& requests,
                                    const ChatProgress& progress = {}) override;

  const std::string& endpoint() const { return endpoint_; }

 private:
  ChatOutcome run(HttpSession& session, const ChatRequest& request, std::size_t index) const;

  OpenAiSettings settings_;
  std::string endpoint_;  // <base_url>/chat/completions
};

}  // namespace zipp::verbalize
