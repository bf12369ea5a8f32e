#include "graph/synth/naming.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "core/check.h"

namespace zipp::graph::synth {
namespace {

constexpr std::array<std::string_view, 24> kPrefixes = {
    "True",     "Daily",   "Amateur", "Vintage", "Cozy",   "Modern",    "Classic", "Budget",
    "Beginner", "Obscure", "Weird",   "Indie",   "Global", "Just",      "Real",    "Casual",
    "Serious",  "Old",     "New",     "Little",  "Big",    "Wholesome", "Proper",  "Pure"};

constexpr std::array<std::string_view, 32> kSuffixes = {
    "Lovers",    "Club",       "Hub",    "Daily",    "Pics",        "Heads",     "Talk",
    "Circle",    "Exchange",   "Den",    "Gallery",  "Enthusiasts", "Nerds",     "Corner",
    "Society",   "Collective", "Guild",  "Addicts",  "Fans",        "Central",   "Moments",
    "Life",      "Help",       "Memes",  "Showcase", "Critique",    "Questions", "Discussion",
    "Community", "World",      "Online", "Network"};

constexpr std::array<std::string_view, 40> kUserAdjectives = {
    "Quiet", "Amber",  "Brave",  "Clever", "Dusty",  "Eager", "Fuzzy",  "Gentle", "Happy", "Icy",
    "Jolly", "Kind",   "Lazy",   "Mellow", "Nimble", "Odd",   "Proud",  "Quirky", "Rusty", "Sleepy",
    "Tidy",  "Upbeat", "Vivid",  "Witty",  "Young",  "Zesty", "Silent", "Golden", "Salty", "Spicy",
    "Lucky", "Gloomy", "Cosmic", "Frosty", "Hungry", "Loud",  "Misty",  "Rapid",  "Shy",   "Wild"};

constexpr std::array<std::string_view, 40> kUserNouns = {
    "Otter",  "Heron",  "Badger", "Falcon", "Walrus", "Panda",  "Lynx",   "Moose",
    "Raven",  "Gecko",  "Koala",  "Bison",  "Crane",  "Ferret", "Hornet", "Iguana",
    "Jackal", "Lemur",  "Marmot", "Newt",   "Ocelot", "Pigeon", "Quail",  "Salmon",
    "Tapir",  "Urchin", "Viper",  "Wombat", "Yak",    "Zebra",  "Potato", "Pancake",
    "Noodle", "Pickle", "Toast",  "Waffle", "Comet",  "Cactus", "Pebble", "Kettle"};

template <class Container>
const auto& pick(const Container& items, core::Rng& rng) {
  ZIPP_ASSERT(!items.empty(), "picking from an empty word list");
  return items[rng.below(items.size())];
}

// `count` distinct positions of `items` (all of them when there are fewer).
std::vector<std::string_view> distinct(std::span<const std::string> items, std::size_t count,
                                       core::Rng& rng) {
  std::vector<std::string_view> out;
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = 0; i < order.size() && out.size() < count; ++i) {
    std::swap(order[i], order[i + rng.below(order.size() - i)]);
    out.push_back(items[order[i]]);
  }
  while (out.size() < count) out.push_back(pick(items, rng));
  return out;
}

}  // namespace

std::string subreddit_name_candidate(const Vocabulary& v, core::Rng& rng) {
  const std::string_view stem = pick(v.stems, rng);
  const std::string_view second = pick(v.stems, rng);
  const std::string_view prefix = pick(kPrefixes, rng);
  const std::string_view suffix = pick(kSuffixes, rng);
  const double u = rng.uniform();
  std::vector<std::string_view> pieces;
  if (u < 0.10) {
    pieces = {stem};
  } else if (u < 0.35) {
    pieces = {stem, suffix};
  } else if (u < 0.55) {
    pieces = {prefix, stem};
  } else if (u < 0.75) {
    pieces = {prefix, stem, suffix};
  } else if (u < 0.90) {
    pieces = {stem, second};
  } else {
    pieces = {stem, second, suffix};
  }
  // No piece twice ("DailyCottageDaily", "CozyCozy").
  std::string name;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (std::find(pieces.begin(), pieces.begin() + static_cast<std::ptrdiff_t>(i), pieces[i]) ==
        pieces.begin() + static_cast<std::ptrdiff_t>(i)) {
      name.append(pieces[i]);
    }
  }
  return name;
}

std::string subreddit_description(const std::string& name, const Vocabulary& v, core::Rng& rng) {
  const std::vector<std::string_view> i = distinct(v.interests, 4, rng);
  if (v.styles.empty() || v.subjects.empty()) {
    switch (rng.below(3)) {
      case 0:
        return core::str(name, ": the place for ", i[0], ", ", i[1], " and ", i[2],
                         ". Everyone welcome.");
      case 1:
        return core::str("Ask and share about ", i[0], " and ", i[1], ". Daily threads on ", i[2],
                         " and ", i[3], ".");
      default:
        return core::str(i[0], ", ", i[1], ", ", i[2], " and more. Be civil and follow the rules.");
    }
  }
  const std::vector<std::string_view> s = distinct(v.styles, 2, rng);
  const std::string& subject = pick(v.subjects, rng);
  switch (rng.below(4)) {
    case 0:
      return core::str(name, ": a community for ", i[0], ", ", i[1], " and ", i[2],
                       ". Share your pictures of ", subject, " with ", s[0], " and talk about ",
                       i[3], ".");
    case 1:
      return core::str("Everything ", i[0], ": ", i[1], ", ", i[2], ", ", i[3], ". Post work with ",
                       s[0], " or ", s[1], ".");
    case 2:
      return core::str("A place for people who love ", i[0], " and ", i[1], ". Show us ", subject,
                       " with ", s[0], "; questions about ", i[2], " welcome.");
    default:
      return core::str("Discussion, news and photos about ", i[0], ", ", i[1], " and ", i[2],
                       ", for fans of ", s[0], ".");
  }
}

std::string image_title(const Vocabulary& v, core::Rng& rng) {
  ZIPP_ASSERT(!v.styles.empty() && !v.subjects.empty(), "image titles need styles and subjects");
  const std::string& subject = pick(v.subjects, rng);
  const std::string& style = pick(v.styles, rng);
  const std::string& interest = pick(v.interests, rng);
  switch (rng.below(4)) {
    case 0:
      return core::str(subject, ", ", style);
    case 1:
      return core::str("my ", interest, " shot: ", subject, ", ", style);
    case 2:
      return core::str("tried ", style, " on ", subject);
    default: {
      const std::vector<std::string_view> two = distinct(v.styles, 2, rng);
      return core::str(subject, " (", two[0], ", ", two[1], ")");
    }
  }
}

std::string user_name(std::int64_t user, core::Rng& rng) {
  const std::string_view adjective = pick(kUserAdjectives, rng);
  const std::string_view noun = pick(kUserNouns, rng);
  std::string name;
  name.reserve(adjective.size() + noun.size() + 12);
  name.append(adjective).append("_").append(noun).append("_").append(std::to_string(user));
  return name;
}

}  // namespace zipp::graph::synth
