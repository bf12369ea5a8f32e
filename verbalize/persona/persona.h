// The persona of one user (docs method §3, docs/personas.md "Persona", docs/formats.md
// "Personas"): demographics, interests and hobbies, personality and behaviour style, visual and
// aesthetic preferences, a free-text persona, and the evidence it came from. Categorical fields
// take values from taxonomy.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zipp::verbalize {

struct PersonaDemographics {
  std::string age_range = "unknown";   // age_ranges() or "unknown"
  std::string gender = "unknown";      // genders() or "unknown"
  std::string locale = "unknown";      // locales() or "unknown"
  std::string language = "unknown";    // free text, lower case: "english"
  std::string profession = "unknown";  // professions() or "unknown"
};

struct VisualPreferences {
  std::vector<std::string> palette;   // free text: "warm", "pastel floral palette"
  std::vector<std::string> medium;    // "35mm film", "watercolour"
  std::vector<std::string> mood;      // "dreamy", "nostalgic"
  std::vector<std::string> genres;    // visual_interests()
  std::vector<std::string> lighting;  // "soft golden morning light"
  std::vector<std::string> style;     // other prompt modifiers: "light leaks"
};

struct EvidenceRef {
  std::string subreddit;
  double weight = 0;
};

struct Persona {
  std::string user;           // the user's name
  std::int64_t user_id = -1;  // global user id in graph.h5; -1 for a user outside it
  PersonaDemographics demographics;
  std::vector<std::string> interests;    // free text, most salient first
  std::vector<std::string> hobbies;      // hobbies()
  std::vector<std::string> personality;  // personality_traits()
  std::vector<std::string> behaviour;    // behaviour_styles()
  VisualPreferences visual;
  std::string text;                   // the free-text persona, first person
  std::vector<EvidenceRef> evidence;  // the communities it was inferred from, by rank
};

}  // namespace zipp::verbalize
