#include "verbalize/builtin/archetype_lexicon.h"

#include <cmath>
#include <set>
#include <utility>

#include "verbalize/builtin/words.h"

namespace zipp::verbalize::builtin {
namespace {

std::set<std::string> vocabulary(const graph::synth::Archetype& a) {
  std::set<std::string> out;
  auto add = [&](std::string_view text) {
    for (auto& w : words(text)) out.insert(std::move(w));
  };
  add(a.label);
  for (const auto& s : a.stems) add(s);
  for (const auto& s : a.interests) add(s);
  for (const auto& s : a.styles) add(s);
  for (const auto& s : a.subjects) add(s);
  return out;
}

std::vector<std::string> phrases_in(const std::vector<std::string>& phrases,
                                    std::string_view lower_text) {
  std::vector<std::string> out;
  for (const auto& p : phrases) {
    if (lower_text.find(lower_ascii(p)) != std::string_view::npos) out.push_back(p);
  }
  return out;
}

}  // namespace

ArchetypeLexicon::ArchetypeLexicon(std::vector<graph::synth::Archetype> archetypes)
    : archetypes_(std::move(archetypes)) {
  std::unordered_map<std::string, std::vector<std::size_t>> holders;
  for (std::size_t k = 0; k < archetypes_.size(); ++k) {
    for (const auto& w : vocabulary(archetypes_[k])) holders[w].push_back(k);
  }
  const double total = static_cast<double>(archetypes_.size());
  for (auto& [word, ks] : holders) {
    const double weight = std::log(total / static_cast<double>(ks.size()));
    if (weight <= 0) continue;
    auto& entry = index_[word];
    for (std::size_t k : ks) entry.emplace_back(k, weight);
  }
}

const ArchetypeLexicon& ArchetypeLexicon::builtin() {
  static const ArchetypeLexicon kLexicon = [] {
    const auto table = graph::synth::builtin_archetypes();
    return ArchetypeLexicon(std::vector<graph::synth::Archetype>(table.begin(), table.end()));
  }();
  return kLexicon;
}

std::vector<double> ArchetypeLexicon::score(std::string_view text, std::size_t* matched) const {
  std::vector<double> out(archetypes_.size(), 0.0);
  if (matched) *matched = 0;
  for (const auto& w : words(text)) {
    auto it = index_.find(w);
    if (it == index_.end()) continue;
    if (matched) ++*matched;
    for (const auto& [k, weight] : it->second) out[k] += weight;
  }
  return out;
}

std::vector<std::string> ArchetypeLexicon::interests_in(std::size_t k,
                                                        std::string_view lower_text) const {
  return phrases_in(archetypes_[k].interests, lower_text);
}

std::vector<std::string> ArchetypeLexicon::styles_in(std::size_t k,
                                                     std::string_view lower_text) const {
  return phrases_in(archetypes_[k].styles, lower_text);
}

int ArchetypeLexicon::dominant(const std::vector<std::string>& ranked_interests) const {
  std::vector<double> total(archetypes_.size(), 0.0);
  for (std::size_t r = 0; r < ranked_interests.size(); ++r) {
    const std::string interest = lower_ascii(ranked_interests[r]);
    for (std::size_t k = 0; k < archetypes_.size(); ++k) {
      const auto& a = archetypes_[k];
      bool hit = lower_ascii(a.label) == interest;
      for (const auto& i : a.interests) hit = hit || lower_ascii(i) == interest;
      if (hit) total[k] += 1.0 / static_cast<double>(r + 1);
    }
  }
  int best = -1;
  for (std::size_t k = 0; k < total.size(); ++k) {
    if (total[k] > 0 && (best < 0 || total[k] > total[static_cast<std::size_t>(best)])) {
      best = static_cast<int>(k);
    }
  }
  return best;
}

}  // namespace zipp::verbalize::builtin
