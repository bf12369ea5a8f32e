// The chat-completions wire format (POST /v1/chat/completions) as spoken by OpenAI, vLLM,
// llama.cpp server and Ollama: the request body, and the checks a 200 reply must pass before its
// content is accepted. docs/personas.md "LLM client" lists the fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "verbalize/llm/chat.h"

namespace zipp::verbalize {

// {"model", "messages", "temperature", "max_tokens", "seed" (when set), "response_format":
// {"type": "json_object"} (when json_response)} as compact JSON.
std::string chat_request_body(std::string_view model, const ChatRequest& request);

// What a 200 reply held. `failure` is kNone when the reply is usable; otherwise kMalformedReply,
// kTruncatedReply or kInvalidJson with `problem` saying what was wrong. Fields that could be
// read are filled either way.
struct ChatReply {
  ChatFailure failure = ChatFailure::kNone;
  std::string problem;
  std::string content;
  std::string finish_reason;
  std::int64_t prompt_tokens = -1;
  std::int64_t completion_tokens = -1;
};

ChatReply parse_chat_reply(std::string_view body, bool json_response);

// The server's own words from an error reply: error.message, error (a string) or message, else
// the start of the body; on one line, at most ~300 characters.
std::string server_error_message(std::string_view body);

}  // namespace zipp::verbalize
