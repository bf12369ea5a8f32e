#include "verbalize/run/persona_recovery.h"

#include <algorithm>

#include "graph/synth/truth_reader.h"
#include "verbalize/builtin/archetype_lexicon.h"

namespace zipp::verbalize {

PersonaRecovery persona_recovery(const std::vector<Persona>& personas,
                                 const core::h5::Object& graph) {
  PersonaRecovery r;
  std::int64_t lo = -1;
  std::int64_t hi = -1;
  for (const auto& p : personas) {
    if (p.user_id < 0) continue;
    lo = lo < 0 ? p.user_id : std::min(lo, p.user_id);
    hi = std::max(hi, p.user_id);
  }
  if (lo < 0) return r;
  const builtin::ArchetypeLexicon lexicon(graph::synth::read_archetypes(graph));
  const graph::synth::UserTruth truth = graph::synth::read_user_truth(graph, lo, hi + 1);
  for (const auto& p : personas) {
    if (p.user_id < 0) continue;
    const auto* mixture = &truth.archetypes[static_cast<std::size_t>(p.user_id - lo) * 3];
    const int found = lexicon.dominant(p.interests);
    ++r.users;
    r.dominant += found >= 0 && found == mixture[0];
    r.in_mixture += found >= 0 && std::find(mixture, mixture + 3, found) != mixture + 3;
  }
  return r;
}

}  // namespace zipp::verbalize
