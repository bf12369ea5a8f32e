// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port, its own threads) that speaks the
// chat-completions protocol closely enough for the `openai` LLM backend, with faults scripted per
// request: 429 with Retry-After, 500/503, 401, slow replies, malformed JSON, a body cut short of
// its Content-Length, finish_reason "length", missing content, non-JSON content, and a reply
// that trickles forever (for the total timeout). It counts the
// requests it receives per request id, so tests can check that nothing was lost or duplicated.
//
// The request id is read from a marker in the messages: ChatServer::marker(id) anywhere in a
// message's content. A normal reply echoes it ("reply to <id>", or {"request_id": "<id>"} when a
// JSON object was asked for), with usage prompt_tokens = the bytes of all message contents and
// completion_tokens = the bytes of the reply's content.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace zipp::testing {

enum class ChatFault {
  kNone,            // a normal reply echoing the request id
  kRateLimited,     // 429 with Retry-After: retry_after (omitted when retry_after is empty)
  kServerError,     // 500
  kUnavailable,     // 503
  kUnauthorized,    // 401 whose message quotes the Authorization header it received
  kSlow,            // a normal reply after delay_s seconds of silence
  kMalformedJson,   // 200 with a body that is not JSON
  kTruncatedBody,   // 200, Content-Length larger than the bytes sent, then the connection closes
  kFinishLength,    // 200, finish_reason "length"
  kMissingContent,  // 200, choices[0].message without content
  kNotJsonContent,  // 200, content that is not a JSON object (matters when one was asked for)
  kTrickle,         // 200 headers, then one body byte every 0.3 s, never finishing
};

struct ChatFaultPlan {
  ChatFault fault = ChatFault::kNone;
  std::string retry_after = "1";  // kRateLimited
  double delay_s = 3;             // kSlow
};

// One received request, as the script sees it.
struct ChatCall {
  std::string id;   // from the marker; "" when there is none
  int attempt = 0;  // 1 for the first request with this id, 2 for the next, ...
  nlohmann::json body;
  std::string authorization;  // the header's value; "" when absent
};

using ChatScript = std::function<ChatFaultPlan(const ChatCall&)>;

class ChatServer {
 public:
  // Listens before returning; an empty script answers every request normally.
  explicit ChatServer(ChatScript script = {});
  ~ChatServer();  // stops accepting, wakes slow replies, closes connections, joins threads
  ChatServer(const ChatServer&) = delete;
  ChatServer& operator=(const ChatServer&) = delete;

  static std::string marker(const std::string& id) { return "[request-id:" + id + "]"; }

  int port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:<port>/v1

  int requests_for(const std::string& id) const;
  std::map<std::string, int> request_counts() const;
  std::int64_t total_requests() const;
  // When each request with this id had been read whole, in arrival order.
  std::vector<std::chrono::steady_clock::time_point> arrivals(const std::string& id) const;
  nlohmann::json last_body(const std::string& id) const;
  // Every Authorization header value received (empty strings for requests without one).
  std::vector<std::string> authorizations() const;

 private:
  void accept_loop();
  void serve(int fd);
  // Returns false when the connection must close.
  bool answer(int fd, const std::string& head, const std::string& body);
  bool wait_unless_stopped(double seconds);
  void finish_connection(int fd);

  ChatScript script_;
  int listen_fd_ = -1;
  int port_ = 0;
  bool stopping_ = false;  // guarded by mutex_

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::set<int> open_fds_;
  std::vector<std::thread> connections_;
  std::map<std::string, int> counts_;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> arrivals_;
  std::map<std::string, nlohmann::json> last_bodies_;
  std::vector<std::string> authorizations_;
  std::int64_t total_ = 0;
  std::thread acceptor_;
};

}  // namespace zipp::testing
