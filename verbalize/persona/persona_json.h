// JSON forms of a persona (docs/formats.md "Personas"): the fields an LLM is asked to answer with
// (no user, no evidence: the caller knows those), and the whole record of one personas.jsonl
// line. Parsing validates every field and throws InputError naming the context (file, line,
// user), the field, what was expected and what was found.
#pragma once

#include <string>
#include <string_view>

#include "verbalize/persona/persona.h"

namespace zipp::verbalize {

inline constexpr int kPersonaFormatVersion = 1;

// {"demographics": {...}, "interests": [...], "hobbies": [...], "personality": [...],
//  "behaviour": [...], "visual": {...}, "persona": "..."}: what the verbalizer's reply holds.
std::string persona_fields_json(const Persona& persona);

// The fields of an LLM reply into `into` (user, user_id and evidence untouched). Taxonomy values
// are matched after trimming and lower-casing; list entries are trimmed and deduplicated; a
// missing list is empty and a missing demographic "unknown"; unknown keys are ignored (LLMs add
// commentary) but a field of the wrong type or an off-taxonomy value is an error.
void parse_persona_fields(std::string_view json, const std::string& context, Persona& into);

// One personas.jsonl record: format_version, user, user_id, the fields, evidence.
std::string persona_record_json(const Persona& persona);
// Strict: unknown keys and a wrong format_version are errors too.
Persona parse_persona_record(std::string_view json, const std::string& context);

}  // namespace zipp::verbalize
