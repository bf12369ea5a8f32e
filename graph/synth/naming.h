// The words of the synthetic world put together: Reddit-like subreddit names ("AnalogFilmLovers")
// and descriptions from an archetype's or a hub topic's vocabulary, image-post titles, and
// user names. Each function draws from the Rng it is given, so the caller decides which stream
// (and so which seed and key) a text comes from.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/random/rng.h"

namespace zipp::graph::synth {

// The vocabulary one subreddit draws from: an archetype's or a hub topic's.
struct Vocabulary {
  std::span<const std::string> stems;
  std::span<const std::string> interests;
  std::span<const std::string> styles;    // empty for hubs
  std::span<const std::string> subjects;  // empty for hubs
};

// One candidate name: stems joined with an optional generic prefix and suffix ("TrueFilmClub",
// "DarkroomExchange", "CozyMeadow"). Letters and digits only, no spaces.
std::string subreddit_name_candidate(const Vocabulary& vocabulary, core::Rng& rng);

// One or two sentences naming several interests (and, for archetypes, styles and a subject).
std::string subreddit_description(const std::string& name, const Vocabulary& vocabulary,
                                  core::Rng& rng);

// An image-post title such as "my film photography shot: old camera on a wooden table, light
// leaks" (the vocabulary needs styles and subjects).
std::string image_title(const Vocabulary& vocabulary, core::Rng& rng);

// "Quiet_Otter_1843207": Reddit's generated-name pattern, made unique by the user id.
std::string user_name(std::int64_t user, core::Rng& rng);

}  // namespace zipp::graph::synth
