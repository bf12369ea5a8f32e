#include "verbalize/llm/openai_protocol.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "verbalize/llm/api_key.h"
#include "verbalize/llm/chat.h"

namespace zipp::verbalize {
namespace {

using nlohmann::json;

std::string reply_with(const json& message, const std::string& finish_reason) {
  return json{{"choices", json::array({{{"message", message}, {"finish_reason", finish_reason}}})},
              {"usage", {{"prompt_tokens", 11}, {"completion_tokens", 7}}}}
      .dump();
}

TEST(ChatRequestBody, CarriesModelMessagesAndSampling) {
  ChatRequest request;
  request.messages = {{"system", "be brief"}, {"user", "hello \"world\""}};
  request.temperature = 0.25;
  request.max_tokens = 77;
  request.seed = 9;
  request.json_response = true;
  const json body = json::parse(chat_request_body("qwen3-8b", request));
  EXPECT_EQ(body["model"], "qwen3-8b");
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][1]["role"], "user");
  EXPECT_EQ(body["messages"][1]["content"], "hello \"world\"");
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.25);
  EXPECT_EQ(body["max_tokens"], 77);
  EXPECT_EQ(body["seed"], 9);
  EXPECT_EQ(body["response_format"]["type"], "json_object");
}

TEST(ChatRequestBody, LeavesOutUnsetSeedAndTextFormat) {
  ChatRequest request;
  request.messages = {{"user", "hi"}};
  const json body = json::parse(chat_request_body("m", request));
  EXPECT_FALSE(body.contains("seed"));
  EXPECT_FALSE(body.contains("response_format"));
}

TEST(ChatRequestBody, ReplacesInvalidUtf8InsteadOfThrowing) {
  ChatRequest request;
  request.messages = {{"user", std::string("caf\xff")}};
  const json body = json::parse(chat_request_body("m", request));
  EXPECT_EQ(body["messages"][0]["content"], "caf\xEF\xBF\xBD");
}

TEST(ParseChatReply, AcceptsAWellFormedReply) {
  const ChatReply reply =
      parse_chat_reply(reply_with({{"role", "assistant"}, {"content", "hi"}}, "stop"), false);
  EXPECT_EQ(reply.failure, ChatFailure::kNone) << reply.problem;
  EXPECT_EQ(reply.content, "hi");
  EXPECT_EQ(reply.finish_reason, "stop");
  EXPECT_EQ(reply.prompt_tokens, 11);
  EXPECT_EQ(reply.completion_tokens, 7);
}

TEST(ParseChatReply, MissingUsageIsMinusOne) {
  const std::string body =
      json{{"choices", json::array({{{"message", {{"content", "x"}}}, {"finish_reason", "stop"}}})}}
          .dump();
  const ChatReply reply = parse_chat_reply(body, false);
  EXPECT_EQ(reply.failure, ChatFailure::kNone);
  EXPECT_EQ(reply.prompt_tokens, -1);
  EXPECT_EQ(reply.completion_tokens, -1);
}

TEST(ParseChatReply, NamesEachMalformedShape) {
  EXPECT_EQ(parse_chat_reply("{\"choices\": [", false).failure, ChatFailure::kMalformedReply);
  EXPECT_EQ(parse_chat_reply("[1, 2]", false).failure, ChatFailure::kMalformedReply);
  EXPECT_EQ(parse_chat_reply("{\"choices\": []}", false).failure, ChatFailure::kMalformedReply);
  const ChatReply no_message = parse_chat_reply(R"({"choices": [{"index": 0}]})", false);
  EXPECT_EQ(no_message.failure, ChatFailure::kMalformedReply);
  EXPECT_NE(no_message.problem.find("choices[0].message"), std::string::npos);
  const ChatReply null_content =
      parse_chat_reply(reply_with({{"role", "assistant"}, {"content", nullptr}}, "stop"), false);
  EXPECT_EQ(null_content.failure, ChatFailure::kMalformedReply);
  EXPECT_NE(null_content.problem.find("content"), std::string::npos);
}

TEST(ParseChatReply, FinishReasonLengthIsTruncated) {
  const ChatReply reply = parse_chat_reply(reply_with({{"content", "{\"a\": "}}, "length"), true);
  EXPECT_EQ(reply.failure, ChatFailure::kTruncatedReply);
  EXPECT_EQ(reply.finish_reason, "length");
  EXPECT_EQ(reply.content, "{\"a\": ");
}

TEST(ParseChatReply, JsonResponseMustBeAnObject) {
  EXPECT_EQ(
      parse_chat_reply(reply_with({{"content", "{\"age\": \"25-34\"}"}}, "stop"), true).failure,
      ChatFailure::kNone);
  EXPECT_EQ(parse_chat_reply(reply_with({{"content", "[1]"}}, "stop"), true).failure,
            ChatFailure::kInvalidJson);
  EXPECT_EQ(parse_chat_reply(reply_with({{"content", "Sure! {"}}, "stop"), true).failure,
            ChatFailure::kInvalidJson);
  // Without json_response any text is fine.
  EXPECT_EQ(parse_chat_reply(reply_with({{"content", "Sure! {"}}, "stop"), false).failure,
            ChatFailure::kNone);
}

TEST(ServerErrorMessage, ReadsTheCommonShapes) {
  EXPECT_EQ(server_error_message(R"({"error": {"message": "bad key", "type": "x"}})"), "bad key");
  EXPECT_EQ(server_error_message(R"({"error": "model not found"})"), "model not found");
  EXPECT_EQ(server_error_message(R"({"message": "nope"})"), "nope");
  EXPECT_EQ(server_error_message("Bad\ngateway"), "Bad gateway");
  EXPECT_EQ(server_error_message(""), "(empty body)");
  EXPECT_LE(server_error_message(std::string(5000, 'x')).size(), 310u);
}

TEST(ApiKey, RedactsEveryOccurrenceAndNeverStreams) {
  const ApiKey key("sk-abc");
  EXPECT_EQ(key.redact("a sk-abc b sk-abcsk-abc"), "a <redacted> b <redacted><redacted>");
  EXPECT_EQ(ApiKey().redact("sk-abc"), "sk-abc");
  std::ostringstream out;
  out << key;
  EXPECT_EQ(out.str(), "<redacted>");
}

TEST(ChatSummary, CountsOutcomes) {
  ChatOutcome ok;
  ok.succeeded = true;
  ok.attempts = 3;
  ok.prompt_tokens = 10;
  ok.completion_tokens = 4;
  ChatOutcome failed;
  failed.attempts = 1;
  failed.failure = ChatFailure::kRejected;
  const ChatSummary summary = summarize({ok, failed});
  EXPECT_EQ(summary.succeeded, 1);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.retries, 2);
  EXPECT_EQ(summary.prompt_tokens, 10);
  EXPECT_EQ(summary.line(),
            "requests=2 succeeded=1 failed=1 retries=2 prompt_tokens=10 completion_tokens=4 "
            "failed_rejected=1");
}

}  // namespace
}  // namespace zipp::verbalize
