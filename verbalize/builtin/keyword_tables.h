// The builtin LLM backend's keyword tables: for each taxonomy value (taxonomy.h) of hobbies,
// personality traits, visual-interest genres, professions and locales, the words in evidence that
// support it; and the words that file a style phrase under lighting, palette, medium or mood.
// Lists are documented in docs/personas.md "Builtin backend".
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace zipp::verbalize::builtin {

struct KeywordRule {
  std::string_view value;                  // a taxonomy value
  std::vector<std::string_view> keywords;  // lower-case words as words() yields them
};

std::span<const KeywordRule> hobby_rules();
std::span<const KeywordRule> personality_rules();
std::span<const KeywordRule> genre_rules();
std::span<const KeywordRule> profession_rules();
std::span<const KeywordRule> locale_rules();

enum class StyleSlot { kLighting, kPalette, kMedium, kMood, kStyle };

// The first slot, in the order above, one of whose keywords occurs among the phrase's words.
StyleSlot classify_style(std::string_view phrase);

}  // namespace zipp::verbalize::builtin
