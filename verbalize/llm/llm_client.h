// The one interface behind which every LLM backend sits (openai: any OpenAI-compatible server;
// builtin: the offline stand-in). Callers hand over a batch of requests and get exactly one
// outcome per request, in input order: a request either succeeded or is recorded as failed with
// the reason, never dropped and never answered twice. docs/personas.md "LLM client".
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "verbalize/llm/chat.h"

namespace zipp::verbalize {

// Called once per request as soon as its outcome is final, in completion order (not input
// order), with the request's index in the input. Calls never overlap, so the callback may append
// to a cache or journal without locking; it runs on a worker thread and should be quick. If it
// throws, no further requests are started and complete() rethrows once the running ones end.
using ChatProgress = std::function<void(const ChatOutcome& outcome, std::size_t index)>;

class LlmClient {
 public:
  virtual ~LlmClient() = default;

  // "openai" or "builtin".
  virtual std::string_view backend() const = 0;
  // What produces the replies, for cache keys and run records: the model name (and for openai,
  // the base URL); changes whenever the same request could be answered differently.
  virtual std::string model_identity() const = 0;

  // Runs every request (with the backend's own concurrency, retries and timeouts) and returns
  // outcomes[i] for requests[i]. Throws only for zipp bugs or a throwing `progress`; server and
  // network failures are recorded in the outcomes.
  virtual std::vector<ChatOutcome> complete(const std::vector<ChatRequest>& requests,
                                            const ChatProgress& progress = {}) = 0;
};

}  // namespace zipp::verbalize
