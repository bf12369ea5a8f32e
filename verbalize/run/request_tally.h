// The tally of a distributed run of LLM requests (`zipp verbalize`, `zipp rewrite`): outputs
// written, items that failed, replies taken from the cache, and the requests actually sent with
// their retries and token usage; summed over ranks for the one summary line rank 0 logs.
#pragma once

#include <cstdint>
#include <string>

#include "core/comm/communicator.h"
#include "verbalize/llm/chat.h"

namespace zipp::verbalize {

struct RequestTally {
  std::int64_t written = 0;  // outputs produced (personas, jobs)
  std::int64_t failed = 0;   // items left without an output
  std::int64_t cached = 0;   // replies taken from the cache
  ChatSummary sent;          // requests sent to the server (outcomes with at least one attempt)

  // Counts an outcome's request when it was sent (a cached reply has no attempts).
  void add_sent(const ChatOutcome& outcome);

  // The tally summed over every rank of `comm` (collective: every rank calls it).
  RequestTally total(const core::comm::Communicator& comm) const;

  // "cached=3 requests=200 retries=57 prompt_tokens=... completion_tokens=...".
  std::string requests_line() const;
};

}  // namespace zipp::verbalize
