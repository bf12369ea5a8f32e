#include "graph/synth/archetype.h"

#include <algorithm>
#include <set>

#include "core/check.h"
#include "core/text/edit_distance.h"

namespace zipp::graph::synth {

std::vector<Archetype> select_archetypes(const std::vector<std::string>& names,
                                         std::int64_t count) {
  const std::span<const Archetype> table = builtin_archetypes();
  std::vector<Archetype> chosen;
  if (names.empty()) {
    chosen.assign(table.begin(), table.end());
  } else {
    std::vector<std::string> known;
    for (const Archetype& a : table) known.push_back(a.name);
    std::set<std::string> seen;
    for (const std::string& name : names) {
      const auto it = std::find_if(table.begin(), table.end(),
                                   [&](const Archetype& a) { return a.name == name; });
      if (it == table.end()) {
        const auto near = core::text::nearest(name, known);
        std::string known_list;
        for (const std::string& k : known) known_list += (known_list.empty() ? "" : ", ") + k;
        throw core::ConfigError(
            core::str("key 'synth.archetypes': unknown archetype ", core::quoted(name),
                      near ? core::str("; did you mean ", core::quoted(*near), "?") : std::string(),
                      " (known: ", known_list, ")"));
      }
      ZIPP_CHECK_T(core::ConfigError, seen.insert(name).second,
                   "key 'synth.archetypes': archetype ", core::quoted(name), " is listed twice");
      chosen.push_back(*it);
    }
  }
  ZIPP_CHECK_T(core::ConfigError, count >= 0 && count <= static_cast<std::int64_t>(chosen.size()),
               "key 'synth.num_archetypes': expected 0 (all) to ", chosen.size(),
               " (the archetypes available), found ", count);
  if (count > 0) chosen.resize(static_cast<std::size_t>(count));
  return chosen;
}

}  // namespace zipp::graph::synth
