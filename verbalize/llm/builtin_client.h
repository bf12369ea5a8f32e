// The `builtin` LLM backend: an offline, deterministic stand-in for an LLM (docs/personas.md
// "Builtin backend"), so every stage runs without a model server. Its reply is a pure function of
// the request's messages: a request carrying an <evidence> section (the verbalization prompt) is
// answered with the persona JSON the real LLM is asked for, inferred from the evidence's words
// (builtin/infer_persona.h); one carrying a <prompt> section (the rewriting prompts) is answered
// with the base prompt plus the persona's style words (builtin/roleplay_rewrite.h). It is not a
// language model: it follows the tagged sections, not the template's wording.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "verbalize/builtin/archetype_lexicon.h"
#include "verbalize/llm/llm_client.h"

namespace zipp::verbalize {

class BuiltinClient final : public LlmClient {
 public:
  // The lexicon of the builtin archetype table.
  BuiltinClient();
  explicit BuiltinClient(const builtin::ArchetypeLexicon& lexicon) : lexicon_(lexicon) {}

  std::string_view backend() const override { return "builtin"; }
  // "builtin-v1": bump the version whenever the same request would be answered differently.
  std::string model_identity() const override { return "builtin-v1"; }
  // One attempt per request, answered in input order. A request with neither section fails as
  // kRejected, with a message naming the request id and the placeholders its template lacks.
  std::vector<ChatOutcome> complete(const std::vector<ChatRequest>& requests,
                                    const ChatProgress& progress = {}) override;

  ChatOutcome answer(const ChatRequest& request) const;

 private:
  const builtin::ArchetypeLexicon& lexicon_;
};

}  // namespace zipp::verbalize
