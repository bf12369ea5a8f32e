#include "verbalize/llm/openai_client.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/check.h"
#include "core/log.h"
#include "core/str.h"
#include "verbalize/llm/openai_protocol.h"

namespace zipp::verbalize {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What one attempt came to.
struct Attempt {
  bool succeeded = false;
  bool retryable = false;
  ChatFailure failure = ChatFailure::kNone;
  std::string problem;  // may quote the server; redacted before it is kept or logged
  std::optional<double> retry_after_s;
};

Attempt judge_transport(const HttpReply& reply) {
  Attempt attempt;
  attempt.problem = reply.transport_error;
  switch (reply.transport) {
    case Transport::kTimeout:
      attempt.failure = ChatFailure::kTimeout;
      attempt.retryable = true;
      break;
    case Transport::kConnection:
      attempt.failure = ChatFailure::kConnection;
      attempt.retryable = true;
      break;
    case Transport::kPartial:
      attempt.failure = ChatFailure::kTruncatedReply;
      attempt.problem = core::str("the reply was cut short: ", reply.transport_error);
      attempt.retryable = true;
      break;
    case Transport::kOther:
    case Transport::kOk:
      attempt.failure = ChatFailure::kTransport;
      break;
  }
  return attempt;
}

Attempt judge(const HttpReply& reply, bool json_response, ChatOutcome& outcome) {
  outcome.http_status = static_cast<int>(reply.status);
  if (reply.transport != Transport::kOk) return judge_transport(reply);
  Attempt attempt;
  if (reply.status != 200) {
    attempt.retryable = retryable_status(reply.status);
    attempt.failure = attempt.retryable ? ChatFailure::kHttpStatus : ChatFailure::kRejected;
    attempt.problem = core::str("HTTP ", reply.status, ": ", server_error_message(reply.body));
    attempt.retry_after_s = reply.retry_after_s;
    return attempt;
  }
  ChatReply parsed = parse_chat_reply(reply.body, json_response);
  outcome.content = std::move(parsed.content);
  outcome.finish_reason = std::move(parsed.finish_reason);
  outcome.prompt_tokens = parsed.prompt_tokens;
  outcome.completion_tokens = parsed.completion_tokens;
  attempt.failure = parsed.failure;
  attempt.succeeded = parsed.failure == ChatFailure::kNone;
  attempt.retryable = !attempt.succeeded;
  attempt.problem = std::move(parsed.problem);
  return attempt;
}

std::string trimmed_base(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

OpenAiSettings OpenAiSettings::from_config(const LlmConfig& config, std::uint64_t jitter_seed) {
  OpenAiSettings settings;
  settings.base_url = config.base_url;
  settings.model = config.model;
  settings.api_key = ApiKey::from_env(config.api_key_env);
  settings.concurrency = static_cast<int>(config.concurrency);
  settings.timeouts = {config.connect_timeout_s, config.read_timeout_s, config.total_timeout_s};
  settings.retry = {static_cast<int>(config.max_retries), config.backoff_initial_s,
                    config.backoff_max_s};
  settings.jitter_seed = jitter_seed;
  if (settings.api_key.empty()) {
    ZIPP_LOG_DEBUG("llm: no API key in environment variable ", core::quoted(config.api_key_env),
                   "; requests go without an Authorization header");
  }
  return settings;
}

OpenAiClient::OpenAiClient(OpenAiSettings settings)
    : settings_(std::move(settings)),
      endpoint_(trimmed_base(settings_.base_url) + "/chat/completions") {
  ZIPP_CHECK_GE(settings_.concurrency, 1, "OpenAiClient concurrency");
  ZIPP_CHECK_GE(settings_.retry.max_retries, 0, "OpenAiClient max_retries");
}

std::string OpenAiClient::model_identity() const {
  return core::str(settings_.model, "@", trimmed_base(settings_.base_url));
}

ChatOutcome OpenAiClient::run(HttpSession& session, const ChatRequest& request,
                              std::size_t index) const {
  const auto start = Clock::now();
  ChatOutcome outcome;
  outcome.id = request.id;
  const std::string body = chat_request_body(settings_.model, request);
  std::vector<std::string> headers = {"Content-Type: application/json", "Accept: application/json"};
  if (!settings_.api_key.empty()) {
    headers.push_back("Authorization: Bearer " + settings_.api_key.reveal());
  }
  core::Rng jitter(settings_.jitter_seed, {static_cast<std::uint64_t>(index)});
  const int max_attempts = settings_.retry.max_retries + 1;
  for (int number = 1; number <= max_attempts; ++number) {
    outcome.attempts = number;
    const HttpReply reply = session.post(endpoint_, headers, body, settings_.timeouts);
    const Attempt attempt = judge(reply, request.json_response, outcome);
    if (attempt.succeeded) {
      outcome.succeeded = true;
      outcome.failure = ChatFailure::kNone;
      outcome.error.clear();
      break;
    }
    outcome.failure = attempt.failure;
    const std::string problem = settings_.api_key.redact(attempt.problem);
    if (!attempt.retryable) {
      outcome.error = core::str("POST ", endpoint_, ": ", problem, " (not retried)");
      break;
    }
    if (number == max_attempts) {
      outcome.error = core::str("POST ", endpoint_, ": gave up after ", number,
                                number == 1 ? " attempt" : " attempts", "; the last: ", problem);
      break;
    }
    const double wait = settings_.retry.delay_s(number, attempt.retry_after_s, jitter);
    ZIPP_LOG_DEBUG("llm request ", core::quoted(request.id), ": attempt ", number, " of ",
                   max_attempts, " failed (", chat_failure_name(attempt.failure), ": ", problem,
                   "); retrying in ", core::fixed(wait, 3), " s");
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
  outcome.latency_s = seconds_since(start);
  // A server that echoes the key in a reply must not get it recorded either.
  outcome.content = settings_.api_key.redact(outcome.content);
  outcome.finish_reason = settings_.api_key.redact(outcome.finish_reason);
  if (!outcome.succeeded) {
    ZIPP_LOG_WARN("llm request ", core::quoted(request.id), " failed (",
                  chat_failure_name(outcome.failure), "): ", outcome.error);
  }
  return outcome;
}

std::vector<ChatOutcome> OpenAiClient::complete(const std::vector<ChatRequest>& requests,
                                                const ChatProgress& progress) {
  std::vector<ChatOutcome> outcomes(requests.size());
  if (requests.empty()) return outcomes;
  const auto start = Clock::now();
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex done_mutex;  // serialises `progress` and guards `error`
  std::exception_ptr error;

  const auto worker = [&] {
    try {
      HttpSession session;
      while (!stop.load()) {
        const std::size_t index = next.fetch_add(1);
        if (index >= requests.size()) break;
        outcomes[index] = run(session, requests[index], index);
        std::lock_guard lock(done_mutex);
        if (progress && !stop.load()) progress(outcomes[index], index);
      }
    } catch (...) {
      std::lock_guard lock(done_mutex);
      if (!error) error = std::current_exception();
      stop = true;
    }
  };
  const std::size_t threads =
      std::min(requests.size(), static_cast<std::size_t>(settings_.concurrency));
  std::vector<std::thread> pool;
  pool.reserve(threads);
  try {
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  } catch (...) {  // no thread to be had: let the started ones finish, then report
    stop = true;
    for (std::thread& thread : pool) thread.join();
    throw;
  }
  for (std::thread& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);

  ZIPP_LOG_DEBUG("llm: ", endpoint_, " ", summarize(outcomes).line(), " concurrency=", threads,
                 " wall_s=", core::fixed(seconds_since(start), 3));
  return outcomes;
}

}  // namespace zipp::verbalize
