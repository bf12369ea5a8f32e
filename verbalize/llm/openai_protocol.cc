#include "verbalize/llm/openai_protocol.h"

#include <nlohmann/json.hpp>

#include "core/str.h"

namespace zipp::verbalize {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQuoted = 300;

// One line, printable ASCII kept, at most kMaxQuoted characters.
std::string one_line_excerpt(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= kMaxQuoted) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) || u >= 0x80 ? c : ' ';
  }
  return out;
}

std::int64_t usage_count(const json& usage, const char* key) {
  if (!usage.is_object()) return -1;
  const auto it = usage.find(key);
  if (it == usage.end() || !it->is_number_integer()) return -1;
  return it->get<std::int64_t>();
}

}  // namespace

std::string chat_request_body(std::string_view model, const ChatRequest& request) {
  json messages = json::array();
  for (const ChatMessage& message : request.messages) {
    messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  json body = {{"model", model},
               {"messages", std::move(messages)},
               {"temperature", request.temperature},
               {"max_tokens", request.max_tokens}};
  if (request.seed.has_value()) body["seed"] = *request.seed;
  if (request.json_response) body["response_format"] = {{"type", "json_object"}};
  // Invalid UTF-8 in a prompt becomes U+FFFD rather than an exception.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

ChatReply parse_chat_reply(std::string_view body, bool json_response) {
  ChatReply reply;
  const json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    reply.failure = ChatFailure::kMalformedReply;
    reply.problem =
        core::str("the reply is not a JSON object: ", core::quoted(one_line_excerpt(body)));
    return reply;
  }
  if (const auto usage = root.find("usage"); usage != root.end()) {
    reply.prompt_tokens = usage_count(*usage, "prompt_tokens");
    reply.completion_tokens = usage_count(*usage, "completion_tokens");
  }
  const auto choices = root.find("choices");
  if (choices == root.end() || !choices->is_array() || choices->empty() ||
      !(*choices)[0].is_object()) {
    reply.failure = ChatFailure::kMalformedReply;
    reply.problem = "the reply has no choices[0]";
    return reply;
  }
  const json& choice = (*choices)[0];
  if (const auto finish = choice.find("finish_reason");
      finish != choice.end() && finish->is_string()) {
    reply.finish_reason = finish->get<std::string>();
  }
  const auto message = choice.find("message");
  if (message == choice.end() || !message->is_object()) {
    reply.failure = ChatFailure::kMalformedReply;
    reply.problem = "the reply has no choices[0].message";
    return reply;
  }
  const auto content = message->find("content");
  if (content == message->end() || !content->is_string()) {
    reply.failure = ChatFailure::kMalformedReply;
    reply.problem = "the reply has no choices[0].message.content string";
    return reply;
  }
  reply.content = content->get<std::string>();
  if (reply.finish_reason == "length") {
    reply.failure = ChatFailure::kTruncatedReply;
    reply.problem = "the reply was cut at max_tokens (finish_reason 'length')";
    return reply;
  }
  if (json_response) {
    const json parsed = json::parse(reply.content, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      reply.failure = ChatFailure::kInvalidJson;
      reply.problem = core::str("a JSON object was asked for; the content is not one: ",
                                core::quoted(one_line_excerpt(reply.content)));
    }
  }
  return reply;
}

std::string server_error_message(std::string_view body) {
  const json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (root.is_object()) {
    if (const auto error = root.find("error"); error != root.end()) {
      if (error->is_string()) return one_line_excerpt(error->get<std::string>());
      if (error->is_object()) {
        const auto message = error->find("message");
        if (message != error->end() && message->is_string()) {
          return one_line_excerpt(message->get<std::string>());
        }
      }
    }
    if (const auto message = root.find("message"); message != root.end() && message->is_string()) {
      return one_line_excerpt(message->get<std::string>());
    }
  }
  return body.empty() ? std::string("(empty body)") : one_line_excerpt(body);
}

}  // namespace zipp::verbalize
