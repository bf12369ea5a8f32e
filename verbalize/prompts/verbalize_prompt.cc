#include "verbalize/prompts/verbalize_prompt.h"

#include <map>
#include <span>
#include <string>

#include "core/str.h"
#include "verbalize/persona/taxonomy.h"
#include "verbalize/prompts/tagged_section.h"

namespace zipp::verbalize {
namespace {

std::string taxonomy_line(std::string_view field, std::span<const std::string_view> values,
                          bool unknown) {
  std::string line = core::str(field, ":");
  for (std::size_t i = 0; i < values.size(); ++i) line += core::str(i ? ", " : " ", values[i]);
  if (unknown) line += ", unknown";
  return line;
}

std::string taxonomy_text() {
  return core::str(taxonomy_line("demographics.age_range", age_ranges(), true), "\n",
                   taxonomy_line("demographics.gender", genders(), true), "\n",
                   taxonomy_line("demographics.locale", locales(), true), "\n",
                   taxonomy_line("demographics.profession", professions(), true), "\n",
                   taxonomy_line("hobbies", hobbies(), false), "\n",
                   taxonomy_line("personality", personality_traits(), false), "\n",
                   taxonomy_line("behaviour", behaviour_styles(), false), "\n",
                   taxonomy_line("visual.genres", visual_interests(), false));
}

constexpr std::string_view kSchema = R"({
  "demographics": {"age_range": "...", "gender": "...", "locale": "...",
                   "language": "english", "profession": "..."},
  "interests": ["most salient first", "..."],
  "hobbies": ["..."],
  "personality": ["..."],
  "behaviour": ["..."],
  "visual": {"palette": ["..."], "medium": ["..."], "mood": ["..."], "genres": ["..."],
             "lighting": ["..."], "style": ["..."]},
  "persona": "a short first-person description"
})";

}  // namespace

PlaceholderSet verbalize_placeholders() {
  return {{"user", "evidence", "taxonomy", "schema"}, {"evidence"}};
}

std::vector<ChatMessage> verbalize_messages(const PromptTemplate& prompt,
                                            const Evidence& evidence) {
  const std::map<std::string, std::string> values = {
      {"user", evidence.user},
      {"evidence", tagged("evidence", evidence.text)},
      {"taxonomy", taxonomy_text()},
      {"schema", std::string(kSchema)}};
  return prompt.render(values);
}

}  // namespace zipp::verbalize
