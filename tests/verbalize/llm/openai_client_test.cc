// The openai backend against a real HTTP server on 127.0.0.1 (tests/support/chat_server.h) that
// injects faults: every request must end as exactly one outcome, succeeded or recorded as failed
// with the reason, in input order, with the server having seen exactly `attempts` requests for it.
#include "verbalize/llm/openai_client.h"

#include <cstdlib>
#include <mutex>
#include <set>
#include <stdexcept>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/log.h"
#include "core/random/hash.h"
#include "core/random/rng.h"
#include "core/str.h"
#include "tests/support/chat_server.h"

namespace zipp::verbalize {
namespace {

using testing::ChatCall;
using testing::ChatFault;
using testing::ChatFaultPlan;
using testing::ChatServer;

OpenAiSettings settings_for(const std::string& base_url, int concurrency, int max_retries) {
  OpenAiSettings settings;
  settings.base_url = base_url;
  settings.model = "test-model";
  settings.concurrency = concurrency;
  settings.timeouts = {2.0, 2.0, 20.0};
  settings.retry = {max_retries, 0.002, 0.02};
  settings.jitter_seed = 11;
  return settings;
}

ChatRequest make_request(const std::string& id, bool json_response) {
  ChatRequest request;
  request.id = id;
  request.messages = {{"system", "You write personas."},
                      {"user", "Evidence for " + ChatServer::marker(id) + ": r/analog, r/film"}};
  request.temperature = 0.3;
  request.max_tokens = 64;
  request.seed = 5;
  request.json_response = json_response;
  return request;
}

std::string expected_content(const std::string& id, bool json_response) {
  return json_response ? nlohmann::json{{"request_id", id}}.dump() : "reply to " + id;
}

std::int64_t prompt_bytes(const ChatRequest& request) {
  std::int64_t bytes = 0;
  for (const ChatMessage& message : request.messages) {
    bytes += static_cast<std::int64_t>(message.content.size());
  }
  return bytes;
}

// What the client must make of a fault.
ChatFailure failure_of(ChatFault fault, bool json_response) {
  switch (fault) {
    case ChatFault::kNone:
      return ChatFailure::kNone;
    case ChatFault::kRateLimited:
    case ChatFault::kServerError:
    case ChatFault::kUnavailable:
      return ChatFailure::kHttpStatus;
    case ChatFault::kUnauthorized:
      return ChatFailure::kRejected;
    case ChatFault::kSlow:
    case ChatFault::kTrickle:
      return ChatFailure::kTimeout;
    case ChatFault::kMalformedJson:
    case ChatFault::kMissingContent:
      return ChatFailure::kMalformedReply;
    case ChatFault::kTruncatedBody:
    case ChatFault::kFinishLength:
      return ChatFailure::kTruncatedReply;
    case ChatFault::kNotJsonContent:
      return json_response ? ChatFailure::kInvalidJson : ChatFailure::kNone;
  }
  return ChatFailure::kNone;
}

// 40% of attempts fail with a fault drawn from every kind; a few requests start with a reply
// slower than the read timeout. A pure function of (id, attempt), so the test can predict it.
ChatFaultPlan random_plan(const std::string& id, int attempt) {
  static constexpr ChatFault kFaults[] = {
      ChatFault::kRateLimited,    ChatFault::kServerError,    ChatFault::kUnavailable,
      ChatFault::kMalformedJson,  ChatFault::kTruncatedBody,  ChatFault::kFinishLength,
      ChatFault::kMissingContent, ChatFault::kNotJsonContent, ChatFault::kUnauthorized};
  const std::uint64_t key = core::hash_text(id);
  if (attempt == 1 && key % 40 == 0) return {ChatFault::kSlow, "", 30.0};
  core::Rng rng(2026, {key, static_cast<std::uint64_t>(attempt)});
  if (rng.uniform() >= 0.4) return {};
  return {kFaults[rng.below(std::size(kFaults))], "0", 0};
}

struct Expected {
  bool succeeded = false;
  int attempts = 0;
  ChatFailure failure = ChatFailure::kNone;
  ChatFault last_fault = ChatFault::kNone;
};

Expected predict(const std::string& id, bool json_response, int max_retries) {
  for (int attempt = 1;; ++attempt) {
    const ChatFault fault = random_plan(id, attempt).fault;
    const ChatFailure failure = failure_of(fault, json_response);
    if (failure == ChatFailure::kNone) return {true, attempt, failure, fault};
    if (failure == ChatFailure::kRejected || attempt == max_retries + 1) {
      return {false, attempt, failure, fault};
    }
  }
}

// The server's text for kNotJsonContent, which a text request accepts as it is.
constexpr std::string_view kNotJsonText = "Sure! Here is the persona you asked for.";

// Raises the log level for one test and puts it back.
class LogLevelGuard {
 public:
  explicit LogLevelGuard(core::LogLevel level) : saved_(core::log_level()) {
    core::set_log_level(level);
  }
  ~LogLevelGuard() { core::set_log_level(saved_); }

 private:
  core::LogLevel saved_;
};

TEST(OpenAiClient, EveryRequestEndsOnceUnderRandomFaults) {
  constexpr int kRequests = 200;
  constexpr int kMaxRetries = 2;
  ChatServer server([](const ChatCall& call) { return random_plan(call.id, call.attempt); });
  OpenAiClient client(settings_for(server.base_url(), 8, kMaxRetries));
  std::vector<ChatRequest> requests;
  for (int i = 0; i < kRequests; ++i)
    requests.push_back(make_request(core::str("req-", i), i % 2 == 0));

  std::mutex mutex;
  std::vector<int> progress_calls(kRequests, 0);
  const std::vector<ChatOutcome> outcomes =
      client.complete(requests, [&](const ChatOutcome& outcome, std::size_t index) {
        std::lock_guard lock(mutex);
        ASSERT_LT(index, progress_calls.size());
        ++progress_calls[index];
        EXPECT_EQ(outcome.id, requests[index].id);
      });

  ASSERT_EQ(outcomes.size(), requests.size());
  std::int64_t attempts = 0;
  std::set<ChatFailure> failures_seen;
  int retried = 0;
  for (int i = 0; i < kRequests; ++i) {
    const ChatRequest& request = requests[i];
    const ChatOutcome& outcome = outcomes[i];
    const Expected expected = predict(request.id, request.json_response, kMaxRetries);
    SCOPED_TRACE(request.id);
    EXPECT_EQ(progress_calls[i], 1);
    EXPECT_EQ(outcome.id, request.id);  // input order
    EXPECT_EQ(outcome.succeeded, expected.succeeded) << outcome.error;
    EXPECT_EQ(outcome.attempts, expected.attempts) << outcome.error;
    EXPECT_EQ(outcome.failure, expected.failure) << outcome.error;
    EXPECT_EQ(server.requests_for(request.id), outcome.attempts);  // none lost, none repeated
    if (outcome.succeeded) {
      EXPECT_EQ(outcome.content, expected.last_fault == ChatFault::kNotJsonContent
                                     ? std::string(kNotJsonText)
                                     : expected_content(request.id, request.json_response));
      EXPECT_EQ(outcome.finish_reason, "stop");
      EXPECT_EQ(outcome.prompt_tokens, prompt_bytes(request));
      EXPECT_EQ(outcome.completion_tokens, static_cast<std::int64_t>(outcome.content.size()));
      EXPECT_EQ(outcome.http_status, 200);
      EXPECT_TRUE(outcome.error.empty()) << outcome.error;
    } else {
      EXPECT_NE(outcome.error.find(client.endpoint()), std::string::npos) << outcome.error;
      failures_seen.insert(outcome.failure);
    }
    attempts += outcome.attempts;
    retried += outcome.attempts > 1 ? 1 : 0;
  }
  EXPECT_EQ(server.total_requests(), attempts);
  EXPECT_EQ(server.request_counts().size(), static_cast<std::size_t>(kRequests));
  // The draw exercised retries, lasting failures and refusals, not just the happy path.
  EXPECT_GT(retried, 40);
  EXPECT_TRUE(failures_seen.contains(ChatFailure::kRejected));
  EXPECT_GE(failures_seen.size(), 3u);
  const ChatSummary summary = summarize(outcomes);
  EXPECT_EQ(summary.succeeded + summary.failed, kRequests);
  EXPECT_EQ(summary.retries, attempts - kRequests);
}

TEST(OpenAiClient, EachFaultIsRetriedThenRecordedWithItsReason) {
  const std::vector<ChatFault> faults = {
      ChatFault::kRateLimited,  ChatFault::kServerError,    ChatFault::kUnavailable,
      ChatFault::kSlow,         ChatFault::kMalformedJson,  ChatFault::kTruncatedBody,
      ChatFault::kFinishLength, ChatFault::kMissingContent, ChatFault::kNotJsonContent};
  // "once-<k>": fault k on the first attempt only; "always-<k>": on every attempt.
  ChatServer server([&](const ChatCall& call) {
    const bool always = call.id.starts_with("always-");
    const std::size_t k = std::stoul(call.id.substr(call.id.find('-') + 1));
    if (!always && call.attempt > 1) return ChatFaultPlan{};
    return ChatFaultPlan{faults[k], "0", 30.0};
  });
  OpenAiClient client(settings_for(server.base_url(), 8, 1));
  std::vector<ChatRequest> requests;
  for (std::size_t k = 0; k < faults.size(); ++k) {
    requests.push_back(make_request(core::str("once-", k), true));
    requests.push_back(make_request(core::str("always-", k), true));
  }
  const std::vector<ChatOutcome> outcomes = client.complete(requests);
  ASSERT_EQ(outcomes.size(), requests.size());
  for (std::size_t k = 0; k < faults.size(); ++k) {
    const ChatOutcome& once = outcomes[2 * k];
    const ChatOutcome& always = outcomes[2 * k + 1];
    SCOPED_TRACE(core::str("fault ", k, ": ", always.error));
    EXPECT_TRUE(once.succeeded) << once.error;
    EXPECT_EQ(once.attempts, 2);
    EXPECT_EQ(once.content, expected_content(once.id, true));
    EXPECT_FALSE(always.succeeded);
    EXPECT_EQ(always.attempts, 2);
    EXPECT_EQ(server.requests_for(always.id), 2);
    EXPECT_EQ(always.failure, failure_of(faults[k], true));
    EXPECT_NE(always.error.find("gave up after 2 attempts"), std::string::npos);
  }
  // The reasons say what went wrong.
  EXPECT_NE(outcomes[1].error.find("HTTP 429"), std::string::npos) << outcomes[1].error;
  EXPECT_NE(outcomes[13].error.find("finish_reason 'length'"), std::string::npos)
      << outcomes[13].error;
  EXPECT_NE(outcomes[17].error.find("not one"), std::string::npos) << outcomes[17].error;
  // A truncated reply keeps what arrived, for the record.
  EXPECT_EQ(outcomes[13].finish_reason, "length");
  EXPECT_FALSE(outcomes[13].content.empty());
}

TEST(OpenAiClient, HonoursRetryAfter) {
  ChatServer server([](const ChatCall& call) {
    return call.attempt == 1 ? ChatFaultPlan{ChatFault::kRateLimited, "1", 0} : ChatFaultPlan{};
  });
  OpenAiSettings settings = settings_for(server.base_url(), 1, 3);
  settings.retry = {3, 0.001, 5.0};  // jitter alone would wait at most 1 ms
  OpenAiClient client(settings);
  const std::vector<ChatOutcome> outcomes = client.complete({make_request("limited", false)});
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0].succeeded) << outcomes[0].error;
  EXPECT_EQ(outcomes[0].attempts, 2);
  const auto arrivals = server.arrivals("limited");
  ASSERT_EQ(arrivals.size(), 2u);
  // The retry left only after the 1 s the server asked for (a logical lower bound).
  EXPECT_GE(std::chrono::duration<double>(arrivals[1] - arrivals[0]).count(), 1.0);
  EXPECT_GE(outcomes[0].latency_s, 1.0);
}

TEST(OpenAiClient, GivesUpAfterMaxRetriesWithTheReason) {
  ChatServer server([](const ChatCall&) { return ChatFaultPlan{ChatFault::kUnavailable}; });
  OpenAiClient client(settings_for(server.base_url(), 2, 2));
  const std::vector<ChatOutcome> outcomes = client.complete({make_request("down", false)});
  ASSERT_EQ(outcomes.size(), 1u);
  const ChatOutcome& outcome = outcomes[0];
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(server.requests_for("down"), 3);
  EXPECT_EQ(outcome.failure, ChatFailure::kHttpStatus);
  EXPECT_EQ(outcome.http_status, 503);
  EXPECT_NE(outcome.error.find("gave up after 3 attempts"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("HTTP 503: server overloaded (injected)"), std::string::npos)
      << outcome.error;
}

TEST(OpenAiClient, UnauthorizedIsNotRetried) {
  ChatServer server([](const ChatCall&) { return ChatFaultPlan{ChatFault::kUnauthorized}; });
  OpenAiSettings settings = settings_for(server.base_url(), 1, 5);
  settings.api_key = ApiKey("sk-zipp-unauthorized-4242");
  OpenAiClient client(settings);
  const std::vector<ChatOutcome> outcomes = client.complete({make_request("denied", false)});
  const ChatOutcome& outcome = outcomes.at(0);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(server.requests_for("denied"), 1);
  EXPECT_EQ(outcome.failure, ChatFailure::kRejected);
  EXPECT_EQ(outcome.http_status, 401);
  // The server's words, with the key it quoted scrubbed.
  EXPECT_NE(outcome.error.find("Incorrect API key provided: <redacted>"), std::string::npos)
      << outcome.error;
  EXPECT_NE(outcome.error.find("not retried"), std::string::npos) << outcome.error;
  EXPECT_EQ(outcome.error.find("sk-zipp-unauthorized-4242"), std::string::npos) << outcome.error;
}

TEST(OpenAiClient, ApiKeyNeverReachesLogsOrOutcomes) {
  const std::string key = "sk-zipp-test-0123456789abcdef";
  const char* variable = "ZIPP_TEST_LLM_SECRET";
  ASSERT_EQ(setenv(variable, key.c_str(), 1), 0);
  // r-0 is refused (the server quotes the key back); the others fail twice before a reply.
  ChatServer server([](const ChatCall& call) {
    if (call.id == "r-0") return ChatFaultPlan{ChatFault::kUnauthorized};
    if (call.attempt == 1) return ChatFaultPlan{ChatFault::kServerError};
    if (call.attempt == 2) return ChatFaultPlan{ChatFault::kTruncatedBody};
    return ChatFaultPlan{};
  });
  LlmConfig config;
  config.backend = "openai";
  config.base_url = server.base_url();
  config.model = "test-model";
  config.api_key_env = variable;
  config.backoff_initial_s = 0.002;
  config.backoff_max_s = 0.01;
  OpenAiClient client(OpenAiSettings::from_config(config, 7));
  std::vector<ChatRequest> requests;
  for (int i = 0; i < 6; ++i) requests.push_back(make_request(core::str("r-", i), false));

  std::vector<ChatOutcome> outcomes;
  std::string log;
  {
    LogLevelGuard level(core::LogLevel::kTrace);
    ::testing::internal::CaptureStderr();
    outcomes = client.complete(requests);
    log = ::testing::internal::GetCapturedStderr();
  }
  unsetenv(variable);

  // The log was written (retries, the refusal), just without the key.
  EXPECT_NE(log.find("llm request 'r-1': attempt 1 of 5 failed"), std::string::npos) << log;
  EXPECT_NE(log.find("llm request 'r-0' failed (rejected)"), std::string::npos) << log;
  EXPECT_EQ(log.find(key), std::string::npos) << log;
  ASSERT_EQ(outcomes.size(), requests.size());
  EXPECT_FALSE(outcomes[0].succeeded);
  EXPECT_NE(outcomes[0].error.find("<redacted>"), std::string::npos) << outcomes[0].error;
  for (const ChatOutcome& outcome : outcomes) {
    for (const std::string* text :
         {&outcome.id, &outcome.content, &outcome.error, &outcome.finish_reason}) {
      EXPECT_EQ(text->find(key), std::string::npos) << *text;
    }
  }
  for (std::size_t i = 1; i < outcomes.size(); ++i) {
    EXPECT_TRUE(outcomes[i].succeeded) << outcomes[i].error;
    EXPECT_EQ(outcomes[i].attempts, 3);
  }
  // ... and it did go to the server, as a bearer token.
  const std::vector<std::string> seen = server.authorizations();
  ASSERT_FALSE(seen.empty());
  for (const std::string& header : seen) EXPECT_EQ(header, "Bearer " + key);
  EXPECT_EQ(client.model_identity().find(key), std::string::npos);
}

TEST(OpenAiClient, NoKeyMeansNoAuthorizationHeader) {
  unsetenv("ZIPP_TEST_LLM_UNSET");
  ChatServer server;
  LlmConfig config;
  config.base_url = server.base_url() + "/";  // a trailing slash is tolerated
  config.model = "local";
  config.api_key_env = "ZIPP_TEST_LLM_UNSET";
  OpenAiClient client(OpenAiSettings::from_config(config, 0));
  const std::vector<ChatOutcome> outcomes = client.complete({make_request("open", false)});
  EXPECT_TRUE(outcomes.at(0).succeeded) << outcomes.at(0).error;
  EXPECT_EQ(server.authorizations(), std::vector<std::string>{""});
}

TEST(OpenAiClient, SendsTheRequestSettings) {
  ChatServer server;
  OpenAiClient client(settings_for(server.base_url(), 2, 0));
  ChatRequest plain = make_request("plain", false);
  plain.seed.reset();
  const std::vector<ChatOutcome> outcomes =
      client.complete({make_request("structured", true), plain});
  ASSERT_TRUE(outcomes.at(0).succeeded && outcomes.at(1).succeeded);
  const nlohmann::json structured = server.last_body("structured");
  EXPECT_EQ(structured["model"], "test-model");
  EXPECT_EQ(structured["messages"].size(), 2u);
  EXPECT_EQ(structured["messages"][0]["role"], "system");
  EXPECT_DOUBLE_EQ(structured["temperature"].get<double>(), 0.3);
  EXPECT_EQ(structured["max_tokens"], 64);
  EXPECT_EQ(structured["seed"], 5);
  EXPECT_EQ(structured["response_format"]["type"], "json_object");
  const nlohmann::json body = server.last_body("plain");
  EXPECT_FALSE(body.contains("seed"));
  EXPECT_FALSE(body.contains("response_format"));
}

TEST(OpenAiClient, TotalTimeoutEndsAReplyThatNeverFinishes) {
  ChatServer server([](const ChatCall&) { return ChatFaultPlan{ChatFault::kTrickle}; });
  OpenAiSettings settings = settings_for(server.base_url(), 1, 0);
  settings.timeouts = {2.0, 2.0, 3.0};  // bytes keep coming, so only the total limit can end it
  OpenAiClient client(settings);
  const std::vector<ChatOutcome> outcomes = client.complete({make_request("drip", false)});
  const ChatOutcome& outcome = outcomes.at(0);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_EQ(outcome.failure, ChatFailure::kTimeout) << outcome.error;
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(server.requests_for("drip"), 1);
  EXPECT_NE(outcome.error.find("timed out"), std::string::npos) << outcome.error;
}

// A port with nothing listening: bind one, note it, close it.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("bind failed");
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(OpenAiClient, ConnectionRefusedIsRetriedThenRecorded) {
  OpenAiClient client(settings_for(core::str("http://127.0.0.1:", closed_port(), "/v1"), 2, 2));
  const std::vector<ChatOutcome> outcomes =
      client.complete({make_request("a", false), make_request("b", true)});
  for (const ChatOutcome& outcome : outcomes) {
    EXPECT_FALSE(outcome.succeeded);
    EXPECT_EQ(outcome.failure, ChatFailure::kConnection) << outcome.error;
    EXPECT_EQ(outcome.attempts, 3);
    EXPECT_EQ(outcome.http_status, 0);
  }
  EXPECT_EQ(outcomes.at(1).id, "b");
}

TEST(OpenAiClient, BadUrlFailsAtOnce) {
  OpenAiClient client(settings_for("gopher-nonsense://127.0.0.1:1/v1", 1, 3));
  const std::vector<ChatOutcome> outcomes = client.complete({make_request("x", false)});
  EXPECT_FALSE(outcomes.at(0).succeeded);
  EXPECT_EQ(outcomes.at(0).failure, ChatFailure::kTransport) << outcomes.at(0).error;
  EXPECT_EQ(outcomes.at(0).attempts, 1);
}

TEST(OpenAiClient, EmptyBatchAndThrowingProgress) {
  ChatServer server;
  OpenAiClient client(settings_for(server.base_url(), 1, 0));
  EXPECT_TRUE(client.complete({}).empty());
  std::vector<ChatRequest> requests;
  for (int i = 0; i < 20; ++i) requests.push_back(make_request(core::str("p-", i), false));
  EXPECT_THROW(
      client.complete(requests, [](const ChatOutcome&,
                                   std::size_t) { throw std::runtime_error("journal full"); }),
      std::runtime_error);
  // One worker: the request whose outcome the callback refused was the last one started.
  EXPECT_EQ(server.total_requests(), 1);
}

}  // namespace
}  // namespace zipp::verbalize
