// One reusable HTTP connection (a libcurl easy handle, kept alive between requests) that POSTs a
// JSON body with connect, read and total timeouts and reports what came back, including why the
// transfer failed. One per worker thread; not thread-safe. curl stays out of this header.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace zipp::verbalize {

struct HttpTimeouts {
  double connect_s = 10;
  double read_s = 300;  // no byte sent or received for this long (about 1 s precision)
  double total_s = 900;
};

enum class Transport {
  kOk,          // an HTTP reply came back whole (any status)
  kTimeout,     // connect, read or total timeout
  kConnection,  // refused, reset, nothing received, resolve failure
  kPartial,     // the connection closed before Content-Length bytes arrived
  kOther,       // anything else (bad URL, TLS, too large a reply): not worth retrying
};

struct HttpReply {
  Transport transport = Transport::kOk;
  std::string transport_error;  // curl's explanation when transport != kOk
  long status = 0;              // 0 when no status line arrived
  std::string body;
  std::optional<double> retry_after_s;  // the Retry-After header (seconds or HTTP date)
};

class HttpSession {
 public:
  HttpSession();  // throws core::Error when libcurl cannot start
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // Headers are "Name: value" lines; the body goes as is. Returns whatever happened: only a
  // failure to configure libcurl (a zipp or libcurl bug) throws.
  HttpReply post(const std::string& url, const std::vector<std::string>& headers,
                 const std::string& body, const HttpTimeouts& timeouts);

 private:
  void* handle_ = nullptr;  // CURL*
};

// The seconds a Retry-After value asks for: delta-seconds ("2", "1.5") or an HTTP date;
// nullopt when it is neither. Never negative.
std::optional<double> parse_retry_after(std::string_view value);

}  // namespace zipp::verbalize
