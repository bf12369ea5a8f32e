#include "verbalize/builtin/infer_persona.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/str.h"
#include "verbalize/builtin/keyword_tables.h"
#include "verbalize/builtin/words.h"

namespace zipp::verbalize::builtin {
namespace {

constexpr double kKeepShare = 0.3;          // an archetype or keyword value within 30% of the best
constexpr double kDemographicShare = 0.15;  // share of evidence weight a profession/locale needs
constexpr std::size_t kMaxArchetypes = 3;
// An item speaks of tastes only when at least this many of its words are in the lexicon: one
// shared word ("life" in "urban life") is coincidence.
constexpr std::size_t kMinLexiconWords = 2;

struct Item {
  std::string text;  // name and description, or a snippet
  std::string lower;
  std::vector<std::string> words;
  double weight = 0;
};

std::vector<Item> items_of(const ParsedEvidence& e) {
  std::vector<Item> items;
  const bool all_zero = std::all_of(e.communities.begin(), e.communities.end(),
                                    [](const RankedSubreddit& c) { return c.weight <= 0; });
  double least = 1;
  for (std::size_t r = 0; r < e.communities.size(); ++r) {
    const auto& c = e.communities[r];
    const double w = all_zero ? 1.0 / static_cast<double>(r + 1) : std::max(c.weight, 0.0);
    items.push_back({core::str(c.name, " ", c.description), {}, {}, w});
    least = r == 0 ? w : std::min(least, w);
  }
  for (const auto& s : e.snippets) {
    double w = least / 2;
    for (std::size_t r = 0; r < e.communities.size(); ++r) {
      if (e.communities[r].name == s.subreddit) w = items[r].weight / 2;
    }
    items.push_back({s.text, {}, {}, w});
  }
  for (auto& item : items) {
    item.lower = lower_ascii(item.text);
    item.words = words(item.text);
  }
  return items;
}

// Values of `rules` ranked by weighted keyword hits (each keyword once per item), best first;
// `scores` receives every value's score.
std::vector<std::pair<double, std::string>> rank_rules(std::span<const KeywordRule> rules,
                                                       const std::vector<Item>& items) {
  std::vector<std::pair<double, std::string>> out;
  for (std::size_t v = 0; v < rules.size(); ++v) {
    double score = 0;
    for (const auto& item : items) {
      for (const auto& k : rules[v].keywords) {
        if (std::find(item.words.begin(), item.words.end(), k) != item.words.end()) {
          score += item.weight;
        }
      }
    }
    if (score > 0) out.emplace_back(score, std::string(rules[v].value));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  return out;
}

std::vector<std::string> top_values(std::span<const KeywordRule> rules,
                                    const std::vector<Item>& items, std::size_t limit) {
  std::vector<std::string> out;
  const auto ranked = rank_rules(rules, items);
  for (const auto& [score, value] : ranked) {
    if (out.size() == limit || score < kKeepShare * ranked.front().first) break;
    out.push_back(value);
  }
  return out;
}

std::string demographic(std::span<const KeywordRule> rules, const std::vector<Item>& items,
                        double total) {
  const auto ranked = rank_rules(rules, items);
  if (ranked.empty() || ranked.front().first < kDemographicShare * total) return "unknown";
  return ranked.front().second;
}

void push_unique(std::vector<std::string>& list, const std::string& value, std::size_t limit) {
  if (list.size() < limit && std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

// Words an aesthetic profile (mean over the recognised archetypes) implies.
void add_aesthetic_words(const graph::synth::Aesthetic& a, VisualPreferences& v) {
  const float warmth = a[0], saturation = a[1], brightness = a[2], contrast = a[3], grain = a[4],
              softness = a[5];
  if (warmth >= 0.65F) push_unique(v.palette, "warm tones", 4);
  if (warmth <= 0.35F) push_unique(v.palette, "cool tones", 4);
  if (saturation >= 0.7F) push_unique(v.palette, "vivid saturated colours", 4);
  if (saturation <= 0.35F) push_unique(v.palette, "muted colours", 4);
  if (brightness >= 0.7F) push_unique(v.lighting, "bright airy light", 4);
  if (brightness <= 0.3F) push_unique(v.lighting, "dim low-key light", 4);
  if (contrast >= 0.75F) push_unique(v.style, "high contrast", 6);
  if (grain >= 0.6F) push_unique(v.style, "visible grain", 6);
  if (softness >= 0.7F) push_unique(v.style, "soft focus", 6);
  if (softness <= 0.25F) push_unique(v.style, "crisp sharp detail", 6);
  if (brightness <= 0.3F) push_unique(v.mood, "moody", 4);
  if (softness >= 0.7F && warmth >= 0.65F) push_unique(v.mood, "cozy", 4);
  if (saturation >= 0.8F && brightness >= 0.6F) push_unique(v.mood, "playful", 4);
}

std::string list_text(const std::vector<std::string>& values, std::size_t limit) {
  std::string out;
  const std::size_t n = std::min(limit, values.size());
  for (std::size_t i = 0; i < n; ++i) {
    out += i == 0 ? "" : (i + 1 == n ? " and " : ", ");
    out += values[i];
  }
  return out;
}

std::string persona_text(const Persona& p) {
  if (p.interests.empty() && p.hobbies.empty()) {
    return "I leave too little trace online to say much about what I like.";
  }
  std::string text;
  if (!p.interests.empty()) text += core::str("I am into ", list_text(p.interests, 3), ".");
  if (!p.hobbies.empty()) {
    text += core::str(text.empty() ? "" : " ", "I spend my free time on ", list_text(p.hobbies, 3),
                      ".");
  }
  const auto& v = p.visual;
  std::vector<std::string> look;
  for (const auto* list : {&v.palette, &v.lighting, &v.style}) {
    if (!list->empty()) look.push_back(list->front());
  }
  if (!look.empty()) {
    text += core::str(" The pictures I love have ", list_text(look, 3),
                      v.mood.empty() ? "" : core::str(", with a ", v.mood.front(), " mood"), ".");
  }
  return text;
}

bool mostly_ascii(const std::vector<Item>& items) {
  std::size_t letters = 0, ascii = 0;
  for (const auto& item : items) {
    for (char c : item.text) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x80 || std::isalpha(u)) ++letters;
      if (u < 0x80 && std::isalpha(u)) ++ascii;
    }
  }
  return letters > 0 && ascii * 10 >= letters * 9;
}

}  // namespace

Persona infer_persona(const ParsedEvidence& evidence, const ArchetypeLexicon& lexicon) {
  Persona p;
  for (const auto& c : evidence.communities) p.evidence.push_back({c.name, c.weight});
  const std::vector<Item> items = items_of(evidence);
  const double total = std::accumulate(items.begin(), items.end(), 0.0,
                                       [](double s, const Item& i) { return s + i.weight; });

  // Archetype affinity: each item's normalized lexicon scores, weighted.
  std::vector<double> affinity(lexicon.size(), 0.0);
  double taste_free = 0;
  for (const auto& item : items) {
    std::size_t matched = 0;
    std::vector<double> s = lexicon.score(item.text, &matched);
    const double sum = std::accumulate(s.begin(), s.end(), 0.0);
    if (sum <= 0 || matched < kMinLexiconWords) {
      taste_free += item.weight;
      continue;
    }
    for (std::size_t k = 0; k < s.size(); ++k) affinity[k] += item.weight * s[k] / sum;
  }
  std::vector<std::size_t> order(lexicon.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return affinity[a] > affinity[b]; });
  std::vector<std::size_t> top;
  for (std::size_t k : order) {
    if (top.size() == kMaxArchetypes || affinity[k] <= 0 ||
        affinity[k] < kKeepShare * affinity[order.front()]) {
      break;
    }
    top.push_back(k);
  }

  // Interests: the recognised tastes, then their interest phrases the evidence names.
  for (std::size_t k : top) push_unique(p.interests, lexicon.archetype(k).label, 12);
  std::map<std::string, double> style_weight;
  std::vector<std::string> style_order;
  for (std::size_t k : top) {
    std::map<std::string, double> interest_weight;
    for (const auto& item : items) {
      for (const auto& i : lexicon.interests_in(k, item.lower)) interest_weight[i] += item.weight;
      for (const auto& s : lexicon.styles_in(k, item.lower)) {
        if (!style_weight.count(s)) style_order.push_back(s);
        style_weight[s] += item.weight * affinity[k];
      }
    }
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& i : lexicon.archetype(k).interests) {
      if (interest_weight.count(i)) ranked.emplace_back(interest_weight[i], i);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) {
      push_unique(p.interests, ranked[i].second, 12);
    }
  }

  // Visual preferences: the style phrases found, strongest first, each filed under one slot,
  // then what the recognised tastes' aesthetic implies.
  std::stable_sort(style_order.begin(), style_order.end(),
                   [&](const auto& a, const auto& b) { return style_weight[a] > style_weight[b]; });
  auto& v = p.visual;
  for (const auto& s : style_order) {
    switch (classify_style(s)) {
      case StyleSlot::kLighting:
        push_unique(v.lighting, s, 3);
        break;
      case StyleSlot::kPalette:
        push_unique(v.palette, s, 3);
        break;
      case StyleSlot::kMedium:
        push_unique(v.medium, s, 3);
        break;
      case StyleSlot::kMood:
        push_unique(v.mood, s, 3);
        break;
      case StyleSlot::kStyle:
        push_unique(v.style, s, 4);
        break;
    }
  }
  if (!top.empty()) {
    graph::synth::Aesthetic mean{};
    double mass = 0;
    for (std::size_t k : top) mass += affinity[k];
    for (std::size_t k : top) {
      for (std::size_t d = 0; d < mean.size(); ++d) {
        mean[d] += static_cast<float>(affinity[k] / mass) * lexicon.archetype(k).aesthetic[d];
      }
    }
    add_aesthetic_words(mean, v);
  }
  v.genres = top_values(genre_rules(), items, 3);

  p.hobbies = top_values(hobby_rules(), items, 3);
  p.personality = top_values(personality_rules(), items, 3);
  p.demographics.profession = demographic(profession_rules(), items, total);
  p.demographics.locale = demographic(locale_rules(), items, total);
  p.demographics.language = mostly_ascii(items) ? "english" : "unknown";

  // Behaviour from the evidence's shape.
  if (!items.empty()) {
    const double taste = total - taste_free;
    if (taste_free >= 0.5 * total) {
      p.behaviour.push_back("casual browser");
    } else if (!top.empty() && affinity[top.front()] >= 0.6 * taste) {
      p.behaviour.push_back("community regular");
    } else if (top.size() >= 3) {
      p.behaviour.push_back("niche explorer");
    }
    if (evidence.snippets.size() >= 3) p.behaviour.push_back("frequent commenter");
  }
  p.text = persona_text(p);
  return p;
}

}  // namespace zipp::verbalize::builtin
