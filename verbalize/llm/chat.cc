#include "verbalize/llm/chat.h"

#include "core/check.h"
#include "core/str.h"

namespace zipp::verbalize {
namespace {

constexpr std::array<std::string_view, kChatFailureKinds> kFailureNames = {
    "none",       "rejected",        "http_status",     "timeout",
    "connection", "malformed_reply", "truncated_reply", "invalid_json",
    "transport"};

}  // namespace

std::string_view chat_failure_name(ChatFailure failure) {
  const auto index = static_cast<std::size_t>(failure);
  ZIPP_ASSERT(index < kFailureNames.size(), "ChatFailure value ", index, " has no name");
  return kFailureNames[index];
}

void ChatSummary::add(const ChatOutcome& outcome) {
  ++requests;
  if (outcome.succeeded) {
    ++succeeded;
  } else {
    ++failed;
    ++failures[static_cast<std::size_t>(outcome.failure)];
  }
  retries += outcome.retries();
  if (outcome.prompt_tokens > 0) prompt_tokens += outcome.prompt_tokens;
  if (outcome.completion_tokens > 0) completion_tokens += outcome.completion_tokens;
}

std::string ChatSummary::line() const {
  std::string text = core::str("requests=", requests, " succeeded=", succeeded, " failed=", failed,
                               " retries=", retries, " prompt_tokens=", prompt_tokens,
                               " completion_tokens=", completion_tokens);
  for (std::size_t kind = 1; kind < failures.size(); ++kind) {
    if (failures[kind] == 0) continue;
    text += core::str(" failed_", kFailureNames[kind], "=", failures[kind]);
  }
  return text;
}

ChatSummary summarize(const std::vector<ChatOutcome>& outcomes) {
  ChatSummary summary;
  for (const ChatOutcome& outcome : outcomes) summary.add(outcome);
  return summary;
}

}  // namespace zipp::verbalize
