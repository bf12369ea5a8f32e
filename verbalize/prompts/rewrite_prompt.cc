#include "verbalize/prompts/rewrite_prompt.h"

#include <map>

#include "core/str.h"
#include "verbalize/prompts/tagged_section.h"

namespace zipp::verbalize {
namespace {

void add_line(std::string& out, std::string_view key, const std::vector<std::string>& values) {
  if (values.empty()) return;
  if (!out.empty()) out += '\n';
  out += core::str(key, ":");
  for (std::size_t i = 0; i < values.size(); ++i) out += core::str(i ? ", " : " ", values[i]);
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

PlaceholderSet rewrite_placeholders() {
  return {{"user", "persona", "preferences", "examples", "prompt"}, {"preferences", "prompt"}};
}

PlaceholderSet plain_rewrite_placeholders() { return {{"prompt"}, {"prompt"}}; }

std::string preferences_text(const VisualPreferences& visual) {
  std::string out;
  add_line(out, "palette", visual.palette);
  add_line(out, "lighting", visual.lighting);
  add_line(out, "mood", visual.mood);
  add_line(out, "medium", visual.medium);
  add_line(out, "style", visual.style);
  add_line(out, "genres", visual.genres);
  return out;
}

std::vector<ChatMessage> rewrite_messages(const PromptTemplate& prompt, const Persona& persona,
                                          const std::vector<std::string>& examples,
                                          const std::string& base_prompt) {
  std::string example_lines;
  for (const auto& e : examples)
    example_lines += core::str(example_lines.empty() ? "" : "\n", "- ", one_line(e));
  const std::map<std::string, std::string> values = {
      {"user", persona.user},
      {"persona", tagged("persona", one_line(persona.text))},
      {"preferences", tagged("preferences", preferences_text(persona.visual))},
      {"examples", examples.empty() ? std::string() : tagged("examples", example_lines)},
      {"prompt", tagged("prompt", one_line(base_prompt))}};
  return prompt.render(values);
}

std::vector<ChatMessage> plain_rewrite_messages(const PromptTemplate& prompt,
                                                const std::string& base_prompt) {
  return prompt.render({{"prompt", tagged("prompt", one_line(base_prompt))}});
}

}  // namespace zipp::verbalize
