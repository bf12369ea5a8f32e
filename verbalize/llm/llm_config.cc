#include "verbalize/llm/llm_config.h"

#include <utility>

#include "core/str.h"

namespace zipp::verbalize {
namespace {

bool positive(double v) { return v > 0; }
bool non_negative(double v) { return v >= 0; }

}  // namespace

void LlmConfig::describe(core::config::SectionSpec<LlmConfig>& spec) {
  spec.choice("backend", &LlmConfig::backend, {"builtin", "openai"},
              "builtin: the offline, deterministic stand-in for an LLM; openai: POST "
              "<base_url>/chat/completions to an OpenAI-compatible server (docs/personas.md)");
  spec.field("base_url", &LlmConfig::base_url,
             "openai: the API root, up to and including /v1 (vLLM, llama.cpp server, Ollama, "
             "https://api.openai.com/v1)");
  spec.field("model", &LlmConfig::model, "openai: the model name the server knows");
  spec.field("api_key_env", &LlmConfig::api_key_env,
             "openai: the environment variable holding the API key (sent as a bearer token, "
             "never logged); unset or empty: no Authorization header (local servers)");
  spec.field("temperature", &LlmConfig::temperature, "sampling temperature of every request")
      .check([](double v) { return v >= 0 && v <= 2; }, "must be in [0, 2]");
  spec.field("max_tokens", &LlmConfig::max_tokens, "most tokens the model may generate per reply")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("seed", &LlmConfig::seed,
             "sampling seed sent with every request (servers that support it reply "
             "reproducibly); -1: none")
      .check([](std::int64_t n) { return n >= -1; }, "must be at least -1");
  spec.field("concurrency", &LlmConfig::concurrency, "openai: requests in flight per rank")
      .check([](std::int64_t n) { return n >= 1 && n <= 256; }, "must be in [1, 256]");
  spec.field("connect_timeout_s", &LlmConfig::connect_timeout_s,
             "openai: seconds to establish the connection")
      .check(positive, "must be positive");
  spec.field("read_timeout_s", &LlmConfig::read_timeout_s,
             "openai: give up an attempt after this many seconds without a byte sent or received "
             "(replies are not streamed: this includes the model's whole generation time; "
             "checked about once a second)")
      .check(positive, "must be positive");
  spec.field("total_timeout_s", &LlmConfig::total_timeout_s,
             "openai: give up an attempt after this many seconds in all")
      .check(positive, "must be positive");
  spec.field("max_retries", &LlmConfig::max_retries,
             "openai: retries after the first attempt on 408/429/5xx, timeouts, broken "
             "connections, malformed or truncated replies; then the request is recorded as "
             "failed")
      .check([](std::int64_t n) { return n >= 0 && n <= 100; }, "must be in [0, 100]");
  spec.field("backoff_initial_s", &LlmConfig::backoff_initial_s,
             "openai: the first retry waits a uniform random time up to this; each later one up "
             "to twice the previous bound (full jitter)")
      .check(non_negative, "must be at least 0");
  spec.field("backoff_max_s", &LlmConfig::backoff_max_s,
             "openai: the longest wait before a retry, Retry-After included")
      .check(non_negative, "must be at least 0");
  spec.validate([](const LlmConfig& c) -> std::string {
    if (c.backoff_initial_s > c.backoff_max_s) {
      return core::str("backoff_initial_s (", c.backoff_initial_s,
                       ") must not exceed backoff_max_s (", c.backoff_max_s, ")");
    }
    if (c.connect_timeout_s > c.total_timeout_s) {
      return core::str("connect_timeout_s (", c.connect_timeout_s,
                       ") must not exceed total_timeout_s (", c.total_timeout_s, ")");
    }
    if (c.backend != "openai") return {};
    if (c.model.empty()) {
      return "backend openai needs a model: set llm.model to a model name the server knows";
    }
    if (!c.base_url.starts_with("http://") && !c.base_url.starts_with("https://")) {
      return core::str("base_url must start with http:// or https://, found ",
                       core::quoted(c.base_url));
    }
    return {};
  });
}

ChatRequest make_chat_request(const LlmConfig& config, std::string id,
                              std::vector<ChatMessage> messages, ResponseFormat format) {
  ChatRequest request;
  request.id = std::move(id);
  request.messages = std::move(messages);
  request.temperature = config.temperature;
  request.max_tokens = config.max_tokens;
  if (config.seed >= 0) request.seed = config.seed;
  request.json_response = format == ResponseFormat::kJsonObject;
  return request;
}

}  // namespace zipp::verbalize
