#include "verbalize/run/cached_requests.h"

#include <unordered_map>
#include <utility>

namespace zipp::verbalize {

CachedBatch complete_cached(LlmClient& client, RequestCache& cache,
                            const std::vector<ChatRequest>& requests, const ReplyCheck& check,
                            const std::function<void(const ChatOutcome&)>& done) {
  CachedBatch batch;
  batch.outcomes.resize(requests.size());
  std::vector<std::string> keys(requests.size());
  std::vector<ChatRequest> to_send;
  std::vector<std::size_t> sent_index;
  std::unordered_map<std::string, std::size_t> first_sent;   // key -> index into to_send
  std::vector<std::pair<std::size_t, std::size_t>> repeats;  // (request, index into to_send)
  const std::string identity = client.model_identity();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    keys[i] = request_key(identity, requests[i]);
    if (auto reply = cache.find(keys[i])) {
      ChatOutcome& o = batch.outcomes[i];
      o.id = requests[i].id;
      o.succeeded = true;
      o.content = std::move(reply->content);
      o.finish_reason = "stop";
      o.prompt_tokens = reply->prompt_tokens;
      o.completion_tokens = reply->completion_tokens;
      ++batch.cached;
      if (done) done(o);
    } else if (auto it = first_sent.find(keys[i]); it != first_sent.end()) {
      repeats.emplace_back(i, it->second);  // the same request earlier in the batch: ask once
    } else {
      first_sent.emplace(keys[i], to_send.size());
      to_send.push_back(requests[i]);
      sent_index.push_back(i);
    }
  }
  auto settle = [&](ChatOutcome& o, std::size_t original) {
    if (o.succeeded) {
      if (std::string why = check ? check(o) : std::string(); !why.empty()) {
        o.succeeded = false;
        o.failure = ChatFailure::kInvalidJson;
        o.error = std::move(why);
      } else {
        cache.add(keys[original], o);
      }
    }
  };
  std::vector<ChatOutcome> sent =
      client.complete(to_send, [&](const ChatOutcome& outcome, std::size_t index) {
        ChatOutcome o = outcome;
        settle(o, sent_index[index]);
        if (done) done(o);
      });
  for (std::size_t j = 0; j < sent.size(); ++j) {
    ChatOutcome& o = sent[j];
    // The check ran (and cached) in the callback; repeat only its verdict here.
    if (o.succeeded && check) {
      if (std::string why = check(o); !why.empty()) {
        o.succeeded = false;
        o.failure = ChatFailure::kInvalidJson;
        o.error = std::move(why);
      }
    }
    batch.outcomes[sent_index[j]] = std::move(o);
  }
  for (const auto& [i, j] : repeats) {
    ChatOutcome o = batch.outcomes[sent_index[j]];
    o.id = requests[i].id;
    o.attempts = 0;  // not asked again
    if (o.succeeded) ++batch.cached;
    if (done) done(o);
    batch.outcomes[i] = std::move(o);
  }
  return batch;
}

}  // namespace zipp::verbalize
