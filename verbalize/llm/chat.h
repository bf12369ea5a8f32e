// The plain types every LLM backend speaks: a chat request (messages plus sampling settings) keyed
// by the caller's stable id, and its outcome, which records success or the reason for failure,
// the reply, its usage and how many attempts it took. docs/personas.md "LLM client".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zipp::verbalize {

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct ChatRequest {
  std::string id;  // the caller's stable key (a user, a (user, prompt, method) job); echoed back
  std::vector<ChatMessage> messages;
  double temperature = 0.7;
  std::int64_t max_tokens = 1024;
  std::optional<std::int64_t> seed;  // sent when set
  bool json_response = false;        // ask for a JSON object and accept only one
};

// Why a request ended without a usable reply; kNone when it succeeded.
enum class ChatFailure {
  kNone,
  kRejected,        // the server refused it for good (4xx other than 408/429): not retried
  kHttpStatus,      // 408, 429 or 5xx on every attempt
  kTimeout,         // connect, read or total timeout on the last attempt
  kConnection,      // could not connect, or the connection broke
  kMalformedReply,  // not JSON, or no choices[0].message.content string
  kTruncatedReply,  // finish_reason "length", or fewer bytes than Content-Length
  kInvalidJson,     // json_response was asked for and the content is not a JSON object
  kTransport,       // another transport error (bad URL, TLS): not retried
};
inline constexpr std::size_t kChatFailureKinds = 9;

// "none", "rejected", "http_status", "timeout", "connection", "malformed_reply",
// "truncated_reply", "invalid_json", "transport".
std::string_view chat_failure_name(ChatFailure failure);

struct ChatOutcome {
  std::string id;  // the request's id
  bool succeeded = false;
  std::string content;              // the reply; on failure the last parsed reply's text, if any
  std::string finish_reason;        // of the last parsed reply ("stop", "length", ...); "" if none
  std::int64_t prompt_tokens = -1;  // usage of the last parsed reply; -1 when not reported
  std::int64_t completion_tokens = -1;
  int attempts = 0;     // HTTP requests sent for it (1 = no retry)
  int http_status = 0;  // of the last attempt; 0 when no HTTP reply came back
  ChatFailure failure = ChatFailure::kNone;
  std::string error;     // why it failed, for the record (never holds the API key); "" on success
  double latency_s = 0;  // from the first attempt to the outcome, back-off waits included

  int retries() const { return attempts > 0 ? attempts - 1 : 0; }
};

// Counts over a batch of outcomes, for the summary line of a stage.
struct ChatSummary {
  std::int64_t requests = 0;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  std::int64_t retries = 0;        // attempts beyond the first, over every request
  std::int64_t prompt_tokens = 0;  // sums of the reported usage
  std::int64_t completion_tokens = 0;
  std::array<std::int64_t, kChatFailureKinds> failures{};  // by ChatFailure

  void add(const ChatOutcome& outcome);
  // "requests=200 succeeded=198 failed=2 retries=57 prompt_tokens=... completion_tokens=...
  // failed_timeout=1 failed_rejected=1" (failure kinds only when non-zero).
  std::string line() const;
};

ChatSummary summarize(const std::vector<ChatOutcome>& outcomes);

}  // namespace zipp::verbalize
