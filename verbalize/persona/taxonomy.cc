#include "verbalize/persona/taxonomy.h"

#include <algorithm>
#include <array>

namespace zipp::verbalize {
namespace {

// Age ranges, genders and locales are the synthetic world's demographic labels
// (graph/synth/demographics.h), so a persona's fields compare with the ground truth as they are.
constexpr std::array<std::string_view, 6> kAgeRanges = {"13-17", "18-24", "25-34",
                                                        "35-44", "45-54", "55+"};
constexpr std::array<std::string_view, 3> kGenders = {"male", "female", "nonbinary"};
constexpr std::array<std::string_view, 9> kLocales = {
    "united_states",  "united_kingdom", "canada", "australia",    "germany",
    "rest_of_europe", "latin_america",  "asia",   "rest_of_world"};

constexpr std::array<std::string_view, 11> kProfessions = {"student",
                                                           "software engineer",
                                                           "artist or designer",
                                                           "photographer",
                                                           "educator",
                                                           "healthcare worker",
                                                           "skilled trades",
                                                           "office professional",
                                                           "scientist",
                                                           "service and retail",
                                                           "retired"};

constexpr std::array<std::string_view, 10> kPersonalityTraits = {
    "curious", "creative", "analytical", "nostalgic", "adventurous",
    "calm",    "playful",  "meticulous", "sociable",  "introspective"};

constexpr std::array<std::string_view, 16> kHobbies = {"photography",
                                                       "gaming",
                                                       "cooking and baking",
                                                       "gardening",
                                                       "hiking and outdoors",
                                                       "music",
                                                       "drawing and painting",
                                                       "fashion and style",
                                                       "reading and writing",
                                                       "film and tv",
                                                       "travel",
                                                       "crafts and diy",
                                                       "pets and animals",
                                                       "cars and motorsport",
                                                       "astronomy",
                                                       "sports and fitness"};

constexpr std::array<std::string_view, 12> kBehaviourStyles = {"lurker",
                                                               "frequent commenter",
                                                               "original content creator",
                                                               "curator",
                                                               "helpful expert",
                                                               "casual browser",
                                                               "collector",
                                                               "critic",
                                                               "community regular",
                                                               "learner",
                                                               "trend follower",
                                                               "niche explorer"};

constexpr std::array<std::string_view, 10> kVisualInterests = {"photography",
                                                               "illustration",
                                                               "anime and manga",
                                                               "digital art",
                                                               "nature and landscapes",
                                                               "architecture and interiors",
                                                               "fashion",
                                                               "food",
                                                               "retro and vintage",
                                                               "sci-fi and fantasy"};

}  // namespace

std::span<const std::string_view> age_ranges() { return kAgeRanges; }
std::span<const std::string_view> genders() { return kGenders; }
std::span<const std::string_view> locales() { return kLocales; }
std::span<const std::string_view> professions() { return kProfessions; }
std::span<const std::string_view> personality_traits() { return kPersonalityTraits; }
std::span<const std::string_view> hobbies() { return kHobbies; }
std::span<const std::string_view> behaviour_styles() { return kBehaviourStyles; }
std::span<const std::string_view> visual_interests() { return kVisualInterests; }

bool in_taxonomy(std::span<const std::string_view> values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace zipp::verbalize
