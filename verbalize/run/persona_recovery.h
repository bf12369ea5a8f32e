// How well personas recover a synthetic world's planted tastes (docs/personas.md "Recovery on the
// synthetic world"): for each persona of a graph user, whether the archetype its interests name
// best (ArchetypeLexicon::dominant over the world's own archetype table) is the user's dominant
// ground-truth archetype, or one of its 1-3 archetypes. `zipp verbalize` logs it on synthetic
// graphs, as `zipp embed` logs its archetype NMI.
#pragma once

#include <cstdint>
#include <vector>

#include "core/io/h5_object.h"
#include "verbalize/persona/persona.h"

namespace zipp::verbalize {

struct PersonaRecovery {
  std::int64_t users = 0;       // personas of graph users (user_id >= 0)
  std::int64_t dominant = 0;    // persona's archetype == the user's first archetype
  std::int64_t in_mixture = 0;  // ... is one of the user's archetypes
};

// Reads /truth of `graph` (graph/synth/truth_reader.h) for the personas' users.
PersonaRecovery persona_recovery(const std::vector<Persona>& personas,
                                 const core::h5::Object& graph);

}  // namespace zipp::verbalize
