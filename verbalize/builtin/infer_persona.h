// The builtin backend's verbalizer: a persona from parsed evidence, by word overlap with the
// archetype lexicon and the keyword tables, each community weighted by its attention weight
// (docs/personas.md "Builtin backend" states the rules). Deterministic; infers only what the
// evidence's words support, so demographics it cannot see stay "unknown".
#pragma once

#include "verbalize/builtin/archetype_lexicon.h"
#include "verbalize/evidence/evidence_text.h"
#include "verbalize/persona/persona.h"

namespace zipp::verbalize::builtin {

// The persona's fields and evidence refs (user and user_id are left for the caller).
Persona infer_persona(const ParsedEvidence& evidence, const ArchetypeLexicon& lexicon);

}  // namespace zipp::verbalize::builtin
