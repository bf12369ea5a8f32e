#include "verbalize/builtin/keyword_tables.h"

#include <algorithm>
#include <string>

#include "verbalize/builtin/words.h"

namespace zipp::verbalize::builtin {
namespace {

const std::vector<KeywordRule>& hobbies_table() {
  static const std::vector<KeywordRule> kTable = {
      {"photography",
       {"photography", "photo", "photos", "camera", "cameras", "lens", "darkroom", "35mm", "shot",
        "shots", "rangefinders"}},
      {"gaming",
       {"game", "games", "gaming", "console", "consoles", "arcade", "pixel", "nintendo", "speedrun",
        "speedruns", "cartridge", "cartridges"}},
      {"cooking and baking",
       {"baking", "bread", "recipe", "recipes", "cooking", "kitchen", "jam", "sourdough", "pastry",
        "dinner"}},
      {"gardening",
       {"garden", "gardens", "gardening", "plants", "houseplants", "herb", "herbs", "succulents",
        "seeds", "propagation", "soil"}},
      {"hiking and outdoors",
       {"hiking", "trail", "trails", "mountains", "camping", "outdoors", "wilderness", "national",
        "parks"}},
      {"music", {"music", "synthwave", "beats", "album", "albums", "vinyl", "band", "songs"}},
      {"drawing and painting",
       {"drawing", "painting", "sketch", "sketches", "watercolour", "illustration", "fanart",
        "paint"}},
      {"fashion and style",
       {"fashion", "outfit", "outfits", "streetwear", "dresses", "wardrobe", "thrifting",
        "sneakers"}},
      {"reading and writing",
       {"books", "reading", "poetry", "literature", "writing", "library", "novels", "classics"}},
      {"film and tv",
       {"movies", "movie", "cinema", "films", "series", "episodes", "slasher", "anime"}},
      {"travel", {"travel", "trip", "trips", "backpacking", "abroad", "journeys"}},
      {"crafts and diy",
       {"knitting", "embroidery", "crafts", "diy", "sewing", "woodworking", "crochet"}},
      {"pets and animals",
       {"cat", "cats", "dog", "dogs", "pets", "puppy", "puppies", "kitten", "kittens", "animals",
        "rescue"}},
      {"cars and motorsport",
       {"cars", "car", "jdm", "engine", "engines", "racing", "motorsport", "detailing",
        "supercars"}},
      {"astronomy",
       {"space", "astronomy", "telescope", "telescopes", "stars", "galaxy", "galaxies", "nebula",
        "astrophotography", "planets"}},
      {"sports and fitness",
       {"sports", "fitness", "gym", "running", "surf", "surfing", "football", "workout"}},
  };
  return kTable;
}

const std::vector<KeywordRule>& personality_table() {
  static const std::vector<KeywordRule> kTable = {
      {"curious",
       {"science", "questions", "learn", "learning", "explore", "space", "history", "astronomy",
        "discovery"}},
      {"creative",
       {"art", "drawing", "design", "craft", "crafts", "illustration", "painting", "music",
        "creative"}},
      {"analytical",
       {"tech", "data", "engineering", "computers", "code", "programming", "mechanics", "build"}},
      {"nostalgic",
       {"retro", "vintage", "analog", "old", "90s", "80s", "classic", "nostalgia", "expired",
        "y2k"}},
      {"adventurous",
       {"travel", "hiking", "surf", "surfing", "outdoors", "adventure", "mountains", "camping",
        "wilderness"}},
      {"calm",
       {"cozy", "garden", "tea", "minimal", "minimalism", "quiet", "slow", "plants", "calm"}},
      {"playful", {"memes", "humor", "funny", "games", "cute", "anime", "jokes", "arcade"}},
      {"meticulous",
       {"detail", "restoration", "collection", "collecting", "precision", "detailing", "organised",
        "curated"}},
      {"sociable", {"community", "friends", "party", "meetup", "relationships", "local", "events"}},
      {"introspective",
       {"dark", "poetry", "reading", "night", "gothic", "books", "moody", "melancholy"}},
  };
  return kTable;
}

const std::vector<KeywordRule>& genre_table() {
  static const std::vector<KeywordRule> kTable = {
      {"photography",
       {"photography", "photo", "photos", "camera", "film", "shot", "lens", "portraits", "35mm"}},
      {"illustration",
       {"illustration", "drawing", "sketch", "storybook", "watercolour", "ink", "comics"}},
      {"anime and manga", {"anime", "manga", "cel", "shoujo", "shonen", "mecha", "chibi"}},
      {"digital art", {"digital", "render", "renders", "glitch", "pixel", "concept", "cgi"}},
      {"nature and landscapes",
       {"landscape", "landscapes", "mountains", "nature", "forest", "ocean", "meadow", "waterfalls",
        "wildflowers"}},
      {"architecture and interiors",
       {"architecture", "building", "buildings", "interior", "interiors", "brutalist", "skyline",
        "facades"}},
      {"fashion", {"fashion", "outfit", "outfits", "streetwear", "runway", "dresses", "lookbook"}},
      {"food", {"food", "recipe", "recipes", "baking", "dish", "plating", "bread", "dessert"}},
      {"retro and vintage",
       {"retro", "vintage", "90s", "80s", "analog", "vhs", "classic", "y2k", "polaroid"}},
      {"sci-fi and fantasy",
       {"cyberpunk", "fantasy", "dragons", "space", "futuristic", "magic", "wizards", "dystopian",
        "nebula"}},
  };
  return kTable;
}

const std::vector<KeywordRule>& profession_table() {
  static const std::vector<KeywordRule> kTable = {
      {"student",
       {"homework", "college", "university", "exam", "exams", "students", "campus", "semester"}},
      {"software engineer",
       {"programming", "developer", "developers", "software", "coding", "devops"}},
      {"artist or designer", {"commission", "commissions", "freelance", "portfolio", "designer"}},
      {"photographer", {"clients", "wedding", "weddings", "photoshoot", "headshots"}},
      {"educator", {"teacher", "teachers", "teaching", "classroom", "lesson"}},
      {"healthcare worker", {"nurse", "nursing", "medical", "hospital", "patients"}},
      {"skilled trades", {"electrician", "plumbing", "welding", "construction", "carpentry"}},
      {"office professional", {"office", "career", "manager", "corporate", "salary", "resume"}},
      {"scientist", {"research", "lab", "phd", "experiment", "experiments"}},
      {"service and retail", {"retail", "restaurant", "barista", "customers", "shift"}},
      {"retired", {"retirement", "retired", "grandkids", "pension"}},
  };
  return kTable;
}

const std::vector<KeywordRule>& locale_table() {
  static const std::vector<KeywordRule> kTable = {
      {"united_states", {"usa", "american", "texas", "california", "nyc", "chicago"}},
      {"united_kingdom", {"uk", "london", "british", "britain", "england", "scotland"}},
      {"canada", {"canada", "canadian", "toronto", "vancouver", "montreal"}},
      {"australia", {"australia", "aussie", "sydney", "melbourne", "brisbane"}},
      {"germany", {"germany", "german", "berlin", "munich", "hamburg"}},
      {"rest_of_europe", {"france", "paris", "spain", "italy", "netherlands", "sweden", "poland"}},
      {"latin_america", {"mexico", "brazil", "argentina", "chile", "colombia", "peru"}},
      {"asia", {"india", "korea", "china", "singapore", "philippines", "indonesia", "vietnam"}},
      {"rest_of_world", {"africa", "nigeria", "kenya", "egypt", "zealand"}},
  };
  return kTable;
}

const std::vector<std::pair<StyleSlot, std::vector<std::string_view>>>& slot_table() {
  static const std::vector<std::pair<StyleSlot, std::vector<std::string_view>>> kTable = {
      {StyleSlot::kLighting,
       {"light", "lighting", "lit", "glow", "shadows", "shadow", "sun", "sunlight", "sunset",
        "dusk", "twilight", "highlights", "neon", "backlit", "golden"}},
      {StyleSlot::kPalette,
       {"tones", "palette", "colour", "colours", "color", "colors", "pastel", "pink", "teal",
        "green", "greens", "monochrome", "sepia", "hues", "gradient", "muted", "saturated", "white",
        "black"}},
      {StyleSlot::kMedium,
       {"film",   "35mm",       "polaroid", "watercolour", "painting", "illustration", "pixel",
        "render", "photograph", "photo",    "sketch",      "ink",      "oil",          "gelatin",
        "vhs",    "cel",        "lens",     "angle",       "macro",    "format"}},
      {StyleSlot::kMood,
       {"dreamy", "moody", "gritty", "cozy", "eerie", "whimsical", "melancholic", "nostalgic",
        "serene", "haze", "hazy", "mysterious", "dramatic", "calm", "ominous", "playful"}},
  };
  return kTable;
}

}  // namespace

std::span<const KeywordRule> hobby_rules() { return hobbies_table(); }
std::span<const KeywordRule> personality_rules() { return personality_table(); }
std::span<const KeywordRule> genre_rules() { return genre_table(); }
std::span<const KeywordRule> profession_rules() { return profession_table(); }
std::span<const KeywordRule> locale_rules() { return locale_table(); }

StyleSlot classify_style(std::string_view phrase) {
  const std::vector<std::string> ws = words(phrase);
  for (const auto& [slot, keywords] : slot_table()) {
    for (const auto& w : ws) {
      if (std::find(keywords.begin(), keywords.end(), w) != keywords.end()) return slot;
    }
  }
  return StyleSlot::kStyle;
}

}  // namespace zipp::verbalize::builtin
