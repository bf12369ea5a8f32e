// The roleplay rewriting prompt (docs method §4, docs/personas.md "Prompt templates"): the
// placeholders of configs/prompts/rewrite.md (persona-conditioned) and rewrite-plain.md (the
// no-persona baseline), and the messages for one (persona, base prompt) pair.
//   {{user}}         the user's name
//   {{persona}}      the free-text persona inside <persona> tags
//   {{preferences}}  the visual preferences inside <preferences> tags, one "key: a, b" line each
//                    for palette, lighting, mood, medium, style, genres (required)
//   {{examples}}     k-shot: "<examples>" with one "- prompt" line per example; "" for 0-shot
//   {{prompt}}       the base prompt inside <prompt> tags (required; the only one for plain)
#pragma once

#include <string>
#include <vector>

#include "verbalize/llm/chat.h"
#include "verbalize/persona/persona.h"
#include "verbalize/prompts/prompt_template.h"

namespace zipp::verbalize {

PlaceholderSet rewrite_placeholders();
PlaceholderSet plain_rewrite_placeholders();

// "palette: warm tones, muted colours\nlighting: ...\n..." (empty lists left out).
std::string preferences_text(const VisualPreferences& visual);

std::vector<ChatMessage> rewrite_messages(const PromptTemplate& prompt, const Persona& persona,
                                          const std::vector<std::string>& examples,
                                          const std::string& base_prompt);
std::vector<ChatMessage> plain_rewrite_messages(const PromptTemplate& prompt,
                                                const std::string& base_prompt);

}  // namespace zipp::verbalize
