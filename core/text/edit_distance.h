// Edit distance and "did you mean" suggestions for unknown names: commands, configuration keys,
// registry entries.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zipp::core::text {

// Levenshtein distance (insertions, deletions, substitutions, each costing 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `query`, if it is near enough to be a plausible typo: at most a third
// of the query's length away (and at least 2 edits allowed). Ties go to the earlier candidate.
std::optional<std::string> nearest(std::string_view query, std::span<const std::string> candidates);

}  // namespace zipp::core::text
