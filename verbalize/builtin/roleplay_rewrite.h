// The builtin backend's prompt rewriter (docs/personas.md "Builtin backend"): keeps the base
// prompt's subject word for word and appends the persona's style, palette, lighting, mood and
// medium phrases; k-shot adds the modifiers that recur in the user's example prompts; without a
// persona (the no-persona baseline) it appends a fixed, taste-free set of quality words.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zipp::verbalize::builtin {

inline constexpr std::string_view kPlainModifiers = "detailed, balanced composition, natural light";

// `preferences`: the body of a <preferences> section ("key: a, b" lines), nullopt for the
// no-persona baseline; `examples`: the example prompts, empty for 0-shot.
std::string rewrite_prompt(std::string_view base, std::optional<std::string_view> preferences,
                           const std::vector<std::string>& examples);

// The modifiers of example prompts, most frequent first (ties: first seen): the comma-separated
// phrases after each example's subject, which is its first phrase (after a "...:" lead-in).
std::vector<std::string> example_modifiers(const std::vector<std::string>& examples);

}  // namespace zipp::verbalize::builtin
