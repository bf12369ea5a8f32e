#include "verbalize/run/verbalize_users.h"

#include <string>

#include "core/error.h"
#include "core/str.h"
#include "verbalize/persona/persona_json.h"
#include "verbalize/prompts/verbalize_prompt.h"
#include "verbalize/run/cached_requests.h"

namespace zipp::verbalize {

VerbalizedBatch verbalize_users(const std::vector<UserInput>& users, const SnippetIndex& snippets,
                                const PromptTemplate& prompt, const EvidenceOptions& evidence,
                                const LlmConfig& llm, LlmClient& client, RequestCache& cache,
                                const std::function<void(const ChatOutcome&)>& done) {
  std::vector<ChatRequest> requests;
  std::vector<std::vector<EvidenceRef>> refs;  // the communities each evidence kept
  requests.reserve(users.size());
  for (const auto& user : users) {
    const Evidence e = build_evidence(user.name, user.ranked, snippets.of(user.name), evidence);
    auto& kept = refs.emplace_back();
    for (const auto& c : e.communities) kept.push_back({c.name, c.weight});
    requests.push_back(make_chat_request(llm, user.name, verbalize_messages(prompt, e),
                                         ResponseFormat::kJsonObject));
  }
  auto check = [](const ChatOutcome& o) -> std::string {
    Persona scratch;
    try {
      parse_persona_fields(o.content, core::str("the reply for user ", o.id), scratch);
    } catch (const core::InputError& error) {
      return error.what();
    }
    return {};
  };
  CachedBatch batch = complete_cached(client, cache, requests, check, done);
  VerbalizedBatch out;
  out.cached = batch.cached;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const ChatOutcome& o = batch.outcomes[i];
    if (o.succeeded) {
      Persona p;
      p.user = users[i].name;
      p.user_id = users[i].id;
      parse_persona_fields(o.content, core::str("the reply for user ", o.id), p);
      p.evidence = std::move(refs[i]);
      out.personas.emplace_back(std::move(p));
    } else {
      out.personas.emplace_back(std::nullopt);
    }
  }
  out.outcomes = std::move(batch.outcomes);
  return out;
}

}  // namespace zipp::verbalize
