// The builtin LLM backend's knowledge of visual tastes: the synthetic world's archetype table
// (graph/synth/archetype.h: names, interests, style phrases, subjects, aesthetic profiles) turned
// into a lexicon. score() says how strongly a text speaks of each archetype by word overlap, each
// word weighted by its rarity among archetypes (log(K / df)), so words every taste shares count
// for nothing. This is what an LLM's world knowledge does in the real pipeline.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/synth/archetype.h"

namespace zipp::verbalize::builtin {

class ArchetypeLexicon {
 public:
  explicit ArchetypeLexicon(std::vector<graph::synth::Archetype> archetypes);
  // The builtin table of graph/synth/archetype_table.cc.
  static const ArchetypeLexicon& builtin();

  std::size_t size() const { return archetypes_.size(); }
  const graph::synth::Archetype& archetype(std::size_t k) const { return archetypes_[k]; }

  // Per archetype, the summed rarity weights of the text's words in its vocabulary; `matched`
  // (when given) receives how many of the text's words are in the lexicon.
  std::vector<double> score(std::string_view text, std::size_t* matched = nullptr) const;
  // The archetype's interest and style phrases found in `lower_text` (already lower-cased).
  std::vector<std::string> interests_in(std::size_t k, std::string_view lower_text) const;
  std::vector<std::string> styles_in(std::size_t k, std::string_view lower_text) const;
  // The archetype whose label or interests best match a ranked list of interests (entry r
  // weighted 1 / (r + 1)); -1 when none matches. Scores personas against the ground truth.
  int dominant(const std::vector<std::string>& ranked_interests) const;

 private:
  std::vector<graph::synth::Archetype> archetypes_;
  // word -> (archetype, rarity weight) for each archetype holding the word
  std::unordered_map<std::string, std::vector<std::pair<std::size_t, double>>> index_;
};

}  // namespace zipp::verbalize::builtin
