// The `llm` configuration section: which backend answers chat requests (builtin: the offline
// stand-in; openai: any OpenAI-compatible server such as vLLM, llama.cpp server, Ollama or
// OpenAI), the sampling settings every request carries, and the HTTP backend's concurrency,
// timeouts and retry policy. docs/configuration.md "The llm section", docs/personas.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section_spec.h"
#include "verbalize/llm/chat.h"

namespace zipp::verbalize {

struct LlmConfig {
  static constexpr std::string_view kName = "llm";
  std::string backend = "builtin";
  std::string base_url = "http://127.0.0.1:8000/v1";
  std::string model;                           // required by openai
  std::string api_key_env = "OPENAI_API_KEY";  // the variable holding the key; never the key
  double temperature = 0.7;
  std::int64_t max_tokens = 1024;
  std::int64_t seed = 0;  // sent with every request; -1: none
  std::int64_t concurrency = 4;
  double connect_timeout_s = 10;
  double read_timeout_s = 300;
  double total_timeout_s = 900;
  std::int64_t max_retries = 4;
  double backoff_initial_s = 1;
  double backoff_max_s = 60;

  static void describe(core::config::SectionSpec<LlmConfig>& spec);
};

enum class ResponseFormat { kText, kJsonObject };

// A request carrying the section's temperature, max_tokens and seed.
ChatRequest make_chat_request(const LlmConfig& config, std::string id,
                              std::vector<ChatMessage> messages, ResponseFormat format);

}  // namespace zipp::verbalize
