#include "tests/support/chat_server.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/text/ascii_case.h"

namespace zipp::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxHead = 64 * 1024;

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("chat server: ") + what + ": " + std::strerror(errno));
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool read_more(int fd, std::string& buffer) {
  char chunk[16384];
  while (true) {
    const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(got));
    return true;
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// The value of header `name` (lower case) in the request head; "" when absent.
std::string header_value(std::string_view head, std::string_view name) {
  std::size_t at = head.find("\r\n");
  while (at != std::string_view::npos) {
    const std::size_t start = at + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line =
        head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && core::ascii_lower(trim(line.substr(0, colon))) == name) {
      return std::string(trim(line.substr(colon + 1)));
    }
    at = end;
  }
  return {};
}

std::string request_id(const json& body) {
  static const std::string kOpen = "[request-id:";
  const auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array()) return {};
  for (const json& message : *messages) {
    if (!message.is_object() || !message.contains("content") || !message["content"].is_string()) {
      continue;
    }
    const std::string& content = message["content"].get_ref<const std::string&>();
    const std::size_t open = content.find(kOpen);
    if (open == std::string::npos) continue;
    const std::size_t close = content.find(']', open);
    if (close == std::string::npos) continue;
    return content.substr(open + kOpen.size(), close - open - kOpen.size());
  }
  return {};
}

std::int64_t prompt_bytes(const json& body) {
  std::int64_t bytes = 0;
  const auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array()) return 0;
  for (const json& message : *messages) {
    if (message.is_object() && message.contains("content") && message["content"].is_string()) {
      bytes += static_cast<std::int64_t>(message["content"].get_ref<const std::string&>().size());
    }
  }
  return bytes;
}

std::string response(int status, std::string_view reason, std::string_view body,
                     std::string_view extra_headers = {}) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  out += "Content-Type: application/json\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += extra_headers;
  out += "\r\n";
  out += body;
  return out;
}

std::string error_body(std::string_view message) {
  return json{{"error", {{"message", message}, {"type", "injected"}}}}.dump();
}

// A chat.completion object with one choice.
std::string completion(const json& request, const json& message, std::string_view finish_reason,
                       std::int64_t completion_tokens) {
  const std::int64_t prompt_tokens = prompt_bytes(request);
  const json reply = {
      {"id", "chatcmpl-test"},
      {"object", "chat.completion"},
      {"created", 0},
      {"model", request.value("model", "")},
      {"choices",
       json::array({{{"index", 0}, {"message", message}, {"finish_reason", finish_reason}}})},
      {"usage",
       {{"prompt_tokens", prompt_tokens},
        {"completion_tokens", completion_tokens},
        {"total_tokens", prompt_tokens + completion_tokens}}}};
  return reply.dump();
}

std::string normal_reply(const json& request, const std::string& id) {
  const bool json_object = request.contains("response_format");
  const std::string content = json_object ? json{{"request_id", id}}.dump() : "reply to " + id;
  return completion(request, {{"role", "assistant"}, {"content", content}}, "stop",
                    static_cast<std::int64_t>(content.size()));
}

}  // namespace

ChatServer::ChatServer(ChatScript script) : script_(std::move(script)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) fail("socket");
  const int one = 1;
  if (::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
    fail("setsockopt(SO_REUSEADDR)");
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("bind");
  if (::listen(listen_fd_, 128) != 0) fail("listen");
  socklen_t length = sizeof address;
  if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    fail("getsockname");
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread(&ChatServer::accept_loop, this);
}

ChatServer::~ChatServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  wake_.notify_all();
  acceptor_.join();
  ::close(listen_fd_);
  // Only the acceptor adds connections, and it has ended.
  for (std::thread& connection : connections_) connection.join();
}

std::string ChatServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

int ChatServer::requests_for(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = counts_.find(id);
  return it == counts_.end() ? 0 : it->second;
}

std::map<std::string, int> ChatServer::request_counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

std::int64_t ChatServer::total_requests() const {
  std::lock_guard lock(mutex_);
  return total_;
}

std::vector<Clock::time_point> ChatServer::arrivals(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = arrivals_.find(id);
  return it == arrivals_.end() ? std::vector<Clock::time_point>{} : it->second;
}

json ChatServer::last_body(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = last_bodies_.find(id);
  return it == last_bodies_.end() ? json() : it->second;
}

std::vector<std::string> ChatServer::authorizations() const {
  std::lock_guard lock(mutex_);
  return authorizations_;
}

void ChatServer::accept_loop() {
  while (true) {
    pollfd waiting{listen_fd_, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, 50);
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (ready <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.insert(fd);
    connections_.emplace_back(&ChatServer::serve, this, fd);
  }
}

void ChatServer::serve(int fd) {
  std::string buffer;
  while (true) {
    std::size_t head_end = buffer.find("\r\n\r\n");
    while (head_end == std::string::npos) {
      if (buffer.size() > kMaxHead || !read_more(fd, buffer)) return finish_connection(fd);
      head_end = buffer.find("\r\n\r\n");
    }
    const std::string head = buffer.substr(0, head_end);
    buffer.erase(0, head_end + 4);
    const std::string length_text = header_value(head, "content-length");
    std::size_t length = 0;
    try {
      length = length_text.empty() ? 0 : std::stoul(length_text);
    } catch (const std::exception&) {
      send_all(fd, response(400, "Bad Request", error_body("bad Content-Length")));
      return finish_connection(fd);
    }
    if (core::ascii_lower(header_value(head, "expect")) == "100-continue" &&
        !send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n")) {
      return finish_connection(fd);
    }
    while (buffer.size() < length) {
      if (!read_more(fd, buffer)) return finish_connection(fd);
    }
    const std::string body = buffer.substr(0, length);
    buffer.erase(0, length);
    if (!answer(fd, head, body)) return finish_connection(fd);
  }
}

bool ChatServer::answer(int fd, const std::string& head, const std::string& body) {
  const std::string_view request_line = std::string_view(head).substr(0, head.find("\r\n"));
  if (!request_line.starts_with("POST ") ||
      request_line.find("/chat/completions ") == std::string_view::npos) {
    return send_all(fd, response(404, "Not Found", error_body("no such endpoint")));
  }
  const json request = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!request.is_object()) {
    return send_all(fd, response(400, "Bad Request", error_body("the body is not JSON")));
  }
  ChatCall call;
  call.id = request_id(request);
  call.body = request;
  call.authorization = header_value(head, "authorization");
  {
    std::lock_guard lock(mutex_);
    call.attempt = ++counts_[call.id];
    arrivals_[call.id].push_back(Clock::now());
    last_bodies_[call.id] = request;
    authorizations_.push_back(call.authorization);
    ++total_;
  }
  const ChatFaultPlan plan = script_ ? script_(call) : ChatFaultPlan{};
  switch (plan.fault) {
    case ChatFault::kNone:
      return send_all(fd, response(200, "OK", normal_reply(request, call.id)));
    case ChatFault::kRateLimited:
      return send_all(
          fd, response(429, "Too Many Requests", error_body("rate limited (injected)"),
                       plan.retry_after.empty() ? std::string()
                                                : "Retry-After: " + plan.retry_after + "\r\n"));
    case ChatFault::kServerError:
      return send_all(fd, response(500, "Internal Server Error",
                                   error_body("internal server error (injected)")));
    case ChatFault::kUnavailable:
      return send_all(
          fd, response(503, "Service Unavailable", error_body("server overloaded (injected)")));
    case ChatFault::kUnauthorized: {
      std::string key = call.authorization;
      if (key.starts_with("Bearer ")) key.erase(0, 7);
      return send_all(
          fd, response(401, "Unauthorized", error_body("Incorrect API key provided: " + key)));
    }
    case ChatFault::kSlow:
      if (!wait_unless_stopped(plan.delay_s)) return false;
      return send_all(fd, response(200, "OK", normal_reply(request, call.id)));
    case ChatFault::kMalformedJson:
      return send_all(fd, response(200, "OK", R"({"choices": [{"message": {"content": "rep)"));
    case ChatFault::kTruncatedBody: {
      const std::string full = response(200, "OK", normal_reply(request, call.id));
      send_all(fd, std::string_view(full).substr(0, full.size() - 20));
      return false;
    }
    case ChatFault::kFinishLength: {
      const std::string content = "reply to " + call.id + " and then";
      return send_all(
          fd, response(200, "OK",
                       completion(request, {{"role", "assistant"}, {"content", content}}, "length",
                                  request.value("max_tokens", 0))));
    }
    case ChatFault::kMissingContent:
      return send_all(fd,
                      response(200, "OK", completion(request, {{"role", "assistant"}}, "stop", 0)));
    case ChatFault::kNotJsonContent: {
      const std::string content = "Sure! Here is the persona you asked for.";
      return send_all(
          fd, response(200, "OK",
                       completion(request, {{"role", "assistant"}, {"content", content}}, "stop",
                                  static_cast<std::int64_t>(content.size()))));
    }
    case ChatFault::kTrickle: {
      if (!send_all(fd,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    "Content-Length: 1000000\r\n\r\n")) {
        return false;
      }
      // Ends when the client gives up (the send fails) or the server stops.
      while (wait_unless_stopped(0.3) && send_all(fd, " ")) {
      }
      return false;
    }
  }
  return false;
}

bool ChatServer::wait_unless_stopped(double seconds) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, std::chrono::duration<double>(seconds),
                         [this] { return stopping_; });
}

void ChatServer::finish_connection(int fd) {
  std::lock_guard lock(mutex_);
  open_fds_.erase(fd);
  ::close(fd);
}

}  // namespace zipp::testing
