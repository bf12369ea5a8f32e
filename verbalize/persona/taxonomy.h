// The persona taxonomy (docs method §3; values listed in docs/personas.md "Taxonomy"): the closed
// value lists a persona's categorical fields take, in one place. The paper's sizes: 11
// professions, 10 personality traits, 9 locales, 16 hobbies, 12 behaviour styles, 10
// visual-interest categories; age ranges and genders follow the synthetic world's demographics so
// personas can be scored against its ground truth. "unknown" is valid for every demographic field:
// a persona must claim only what its evidence supports.
#pragma once

#include <span>
#include <string_view>

namespace zipp::verbalize {

inline constexpr std::string_view kUnknown = "unknown";

std::span<const std::string_view> age_ranges();          // 6: "13-17" ... "55+"
std::span<const std::string_view> genders();             // 3: male, female, nonbinary
std::span<const std::string_view> locales();             // 9 regions
std::span<const std::string_view> professions();         // 11
std::span<const std::string_view> personality_traits();  // 10
std::span<const std::string_view> hobbies();             // 16
std::span<const std::string_view> behaviour_styles();    // 12
std::span<const std::string_view> visual_interests();    // 10

// True when `value` is one of `values` (exact, lower case).
bool in_taxonomy(std::span<const std::string_view> values, std::string_view value);

}  // namespace zipp::verbalize
