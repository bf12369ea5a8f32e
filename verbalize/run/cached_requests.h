// Runs a batch of chat requests through the reply cache (request_cache.h): requests answered
// before are served from it, a request repeated within the batch (same key) is asked once, the
// rest go to the LLM client, and each reply that succeeds and passes the caller's check is cached
// the moment it arrives, so a killed run loses only what was in flight.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "verbalize/llm/llm_client.h"
#include "verbalize/run/request_cache.h"

namespace zipp::verbalize {

// "" when a successful reply is usable; else why not (the outcome then counts as failed, as
// kInvalidJson, and is not cached).
using ReplyCheck = std::function<std::string(const ChatOutcome& outcome)>;

struct CachedBatch {
  std::vector<ChatOutcome> outcomes;  // one per request, in order; attempts 0 when not asked
  std::int64_t cached = 0;            // succeeded without asking: from the cache or a repeat
};

// `done` is called once per request as its outcome is final (cached ones first).
CachedBatch complete_cached(LlmClient& client, RequestCache& cache,
                            const std::vector<ChatRequest>& requests, const ReplyCheck& check,
                            const std::function<void(const ChatOutcome&)>& done = {});

}  // namespace zipp::verbalize
