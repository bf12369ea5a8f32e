#include "verbalize/llm/http_session.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <mutex>

#include <curl/curl.h>

#include "core/error.h"
#include "core/str.h"
#include "core/text/ascii_case.h"

namespace zipp::verbalize {
namespace {

constexpr std::size_t kMaxReplyBytes = std::size_t{64} << 20;

void global_init() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (code != CURLE_OK) {
    throw core::Error(core::str("curl_global_init failed: ", curl_easy_strerror(code)));
  }
}

template <class T>
void set_option(CURL* curl, CURLoption option, T value, const char* name) {
  const CURLcode code = curl_easy_setopt(curl, option, value);
  if (code != CURLE_OK) {
    throw core::Error(core::str("curl_easy_setopt(", name, ") failed: ", curl_easy_strerror(code),
                                " (libcurl ", curl_version_info(CURLVERSION_NOW)->version, ")"));
  }
}
#define ZIPP_CURL_SET(curl, option, value) set_option(curl, option, value, #option)

// Frees the header list on every path out of post().
struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void append(const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) throw core::Error("curl_slist_append failed: out of memory");
    list = grown;
  }
};

struct Sink {
  HttpReply* reply;
  bool too_large = false;
};

// The read timeout: libcurl's low-speed limit averages over several seconds and counts the
// request's own upload, so it cannot say "no byte for read_s seconds"; this progress callback
// can. libcurl calls it about once a second while nothing moves, which bounds its precision.
struct Watchdog {
  using Clock = std::chrono::steady_clock;
  Clock::duration limit;
  Clock::time_point last_activity = Clock::now();
  curl_off_t last_down = 0;
  curl_off_t last_up = 0;
  bool fired = false;
};

int on_progress(void* user, curl_off_t /*dltotal*/, curl_off_t dlnow, curl_off_t /*ultotal*/,
                curl_off_t ulnow) {
  auto* watchdog = static_cast<Watchdog*>(user);
  const auto now = Watchdog::Clock::now();
  if (dlnow != watchdog->last_down || ulnow != watchdog->last_up) {
    watchdog->last_down = dlnow;
    watchdog->last_up = ulnow;
    watchdog->last_activity = now;
    return 0;
  }
  if (now - watchdog->last_activity < watchdog->limit) return 0;
  watchdog->fired = true;
  return 1;  // makes libcurl stop with CURLE_ABORTED_BY_CALLBACK
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t bytes = size * count;
  if (sink->reply->body.size() + bytes > kMaxReplyBytes) {
    sink->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->reply->body.append(data, bytes);
  return bytes;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* reply = static_cast<HttpReply*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  // A new status line (after 100 Continue, say) starts a new set of headers.
  if (line.starts_with("HTTP/")) reply->retry_after_s.reset();
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && core::ascii_lower(line.substr(0, kName.size())) == kName) {
    reply->retry_after_s = parse_retry_after(trim(line.substr(kName.size())));
  }
  return bytes;
}

Transport classify(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return Transport::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return Transport::kConnection;
    case CURLE_PARTIAL_FILE:
      return Transport::kPartial;
    default:
      return Transport::kOther;
  }
}

long millis(double seconds) { return std::max(1L, std::lround(seconds * 1000.0)); }

}  // namespace

std::optional<double> parse_retry_after(std::string_view value) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  double seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error == std::errc() && end == value.data() + value.size()) {
    if (!std::isfinite(seconds)) return std::nullopt;
    return std::max(0.0, seconds);
  }
  const std::time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::max(0.0, std::difftime(when, std::time(nullptr)));
}

HttpSession::HttpSession() {
  global_init();
  handle_ = curl_easy_init();
  if (handle_ == nullptr) throw core::Error("curl_easy_init failed: libcurl could not start");
}

HttpSession::~HttpSession() { curl_easy_cleanup(static_cast<CURL*>(handle_)); }

HttpReply HttpSession::post(const std::string& url, const std::vector<std::string>& headers,
                            const std::string& body, const HttpTimeouts& timeouts) {
  CURL* curl = static_cast<CURL*>(handle_);
  HttpReply reply;
  Sink sink{&reply};
  char error_buffer[CURL_ERROR_SIZE] = {};
  HeaderList list;
  Watchdog watchdog{std::chrono::duration_cast<Watchdog::Clock::duration>(
      std::chrono::duration<double>(timeouts.read_s))};
  // Declared after what the handle will point at, so it lets go of them first on every way out;
  // reset keeps the live connection for the next request.
  struct ResetOnExit {
    CURL* curl;
    ~ResetOnExit() { curl_easy_reset(curl); }
  } reset_on_exit{curl};
  for (const std::string& header : headers) list.append(header);
  list.append("Expect:");  // no 100-continue round trip for large prompts

  ZIPP_CURL_SET(curl, CURLOPT_URL, url.c_str());
  ZIPP_CURL_SET(curl, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
  ZIPP_CURL_SET(curl, CURLOPT_POST, 1L);
  ZIPP_CURL_SET(curl, CURLOPT_POSTFIELDS, body.data());
  ZIPP_CURL_SET(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  ZIPP_CURL_SET(curl, CURLOPT_HTTPHEADER, list.list);
  ZIPP_CURL_SET(curl, CURLOPT_ERRORBUFFER, error_buffer);
  ZIPP_CURL_SET(curl, CURLOPT_WRITEFUNCTION, &on_body);
  ZIPP_CURL_SET(curl, CURLOPT_WRITEDATA, static_cast<void*>(&sink));
  ZIPP_CURL_SET(curl, CURLOPT_HEADERFUNCTION, &on_header);
  ZIPP_CURL_SET(curl, CURLOPT_HEADERDATA, static_cast<void*>(&reply));
  ZIPP_CURL_SET(curl, CURLOPT_CONNECTTIMEOUT_MS, millis(timeouts.connect_s));
  ZIPP_CURL_SET(curl, CURLOPT_TIMEOUT_MS, millis(timeouts.total_s));
  ZIPP_CURL_SET(curl, CURLOPT_XFERINFOFUNCTION, &on_progress);
  ZIPP_CURL_SET(curl, CURLOPT_XFERINFODATA, static_cast<void*>(&watchdog));
  ZIPP_CURL_SET(curl, CURLOPT_NOPROGRESS, 0L);
  ZIPP_CURL_SET(curl, CURLOPT_ACCEPT_ENCODING, "");  // whatever encodings libcurl can decode
  ZIPP_CURL_SET(curl, CURLOPT_FOLLOWLOCATION, 0L);

  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    if (watchdog.fired) {
      reply.transport = Transport::kTimeout;
      reply.transport_error =
          core::str("read timeout: nothing received for ", timeouts.read_s, " s");
    } else if (sink.too_large) {
      reply.transport = Transport::kOther;
      reply.transport_error = core::str("the reply exceeds ", kMaxReplyBytes >> 20, " MiB");
    } else {
      reply.transport = classify(code);
      reply.transport_error = core::str(detail, " (curl code ", static_cast<int>(code), ")");
    }
  }
  long status = 0;
  if (const CURLcode info = curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
      info != CURLE_OK) {
    throw core::Error(
        core::str("curl_easy_getinfo(CURLINFO_RESPONSE_CODE) failed: ", curl_easy_strerror(info)));
  }
  reply.status = status;
  return reply;
}

}  // namespace zipp::verbalize
