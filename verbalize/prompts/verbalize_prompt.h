// The verbalization prompt (docs/personas.md "Prompt templates"): the placeholders a
// configs/prompts/verbalize.md template may use and the messages for one user's evidence.
//   {{user}}      the user's name
//   {{evidence}}  the evidence text inside <evidence> tags (required)
//   {{taxonomy}}  the allowed values of every categorical field, one line per field
//   {{schema}}    the JSON object the reply must be, with every key
#pragma once

#include <vector>

#include "verbalize/evidence/evidence.h"
#include "verbalize/llm/chat.h"
#include "verbalize/prompts/prompt_template.h"

namespace zipp::verbalize {

PlaceholderSet verbalize_placeholders();

std::vector<ChatMessage> verbalize_messages(const PromptTemplate& prompt, const Evidence& evidence);

}  // namespace zipp::verbalize
