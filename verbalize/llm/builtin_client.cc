#include "verbalize/llm/builtin_client.h"

#include <optional>

#include "core/str.h"
#include "verbalize/builtin/infer_persona.h"
#include "verbalize/builtin/roleplay_rewrite.h"
#include "verbalize/evidence/evidence_text.h"
#include "verbalize/evidence/token_estimate.h"
#include "verbalize/persona/persona_json.h"
#include "verbalize/prompts/tagged_section.h"

namespace zipp::verbalize {
namespace {

std::vector<std::string> example_lines(std::string_view body) {
  std::vector<std::string> out;
  while (!body.empty()) {
    const auto nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
    if (line.substr(0, 2) == "- ") line.remove_prefix(2);
    if (!line.empty()) out.emplace_back(line);
  }
  return out;
}

}  // namespace

BuiltinClient::BuiltinClient() : lexicon_(builtin::ArchetypeLexicon::builtin()) {}

ChatOutcome BuiltinClient::answer(const ChatRequest& request) const {
  ChatOutcome outcome;
  outcome.id = request.id;
  outcome.attempts = 1;
  std::string all;
  for (const auto& m : request.messages) all += m.content + "\n";
  outcome.prompt_tokens = estimate_tokens(all);
  if (auto evidence = find_tagged(all, "evidence")) {
    Persona persona = builtin::infer_persona(parse_evidence_text(*evidence), lexicon_);
    outcome.content = persona_fields_json(persona);
  } else if (auto prompt = find_tagged(all, "prompt")) {
    const auto preferences = find_tagged(all, "preferences");
    const auto examples = find_tagged(all, "examples");
    outcome.content = builtin::rewrite_prompt(
        *prompt, preferences ? std::optional<std::string_view>(*preferences) : std::nullopt,
        examples ? example_lines(*examples) : std::vector<std::string>{});
  } else {
    outcome.failure = ChatFailure::kRejected;
    outcome.error = core::str("builtin backend: request ", core::quoted(request.id),
                              " has neither an <evidence> section ({{evidence}} of a verbalize "
                              "template) nor a <prompt> section ({{prompt}} of a rewrite "
                              "template)");
    return outcome;
  }
  outcome.succeeded = true;
  outcome.finish_reason = "stop";
  outcome.completion_tokens = estimate_tokens(outcome.content);
  return outcome;
}

std::vector<ChatOutcome> BuiltinClient::complete(const std::vector<ChatRequest>& requests,
                                                 const ChatProgress& progress) {
  std::vector<ChatOutcome> outcomes;
  outcomes.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    outcomes.push_back(answer(requests[i]));
    if (progress) progress(outcomes.back(), i);
  }
  return outcomes;
}

}  // namespace zipp::verbalize
