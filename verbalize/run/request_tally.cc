#include "verbalize/run/request_tally.h"

#include <vector>

#include "core/comm/control.h"
#include "core/str.h"

namespace zipp::verbalize {

void RequestTally::add_sent(const ChatOutcome& outcome) {
  if (outcome.attempts > 0) sent.add(outcome);
}

RequestTally RequestTally::total(const core::comm::Communicator& comm) const {
  std::vector<std::int64_t> counts = {written,
                                      failed,
                                      cached,
                                      sent.requests,
                                      sent.retries,
                                      sent.prompt_tokens,
                                      sent.completion_tokens};
  counts = core::comm::allreduce_sum_ints(comm, counts);
  RequestTally sum;
  sum.written = counts[0];
  sum.failed = counts[1];
  sum.cached = counts[2];
  sum.sent.requests = counts[3];
  sum.sent.retries = counts[4];
  sum.sent.prompt_tokens = counts[5];
  sum.sent.completion_tokens = counts[6];
  return sum;
}

std::string RequestTally::requests_line() const {
  return core::str("cached=", cached, " requests=", sent.requests, " retries=", sent.retries,
                   " prompt_tokens=", sent.prompt_tokens,
                   " completion_tokens=", sent.completion_tokens);
}

}  // namespace zipp::verbalize
