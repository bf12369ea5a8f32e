// The fixed part of a synthetic world, the same on every rank: the archetypes, the subreddits
// (names, descriptions, archetype, Zipf popularity), the samplers users draw their subreddits
// with, the degree law, and each archetype's bank of image-post titles with their builtin text
// embeddings. Everything follows from (config, seed); users are drawn from it block by block
// (graph/synth/user_generator.h). docs/synthetic-world.md describes the process.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "graph/synth/alias_table.h"
#include "graph/synth/archetype.h"
#include "graph/synth/degree_model.h"
#include "graph/synth/demographics.h"
#include "graph/synth/synth_config.h"
#include "graph/text_embedder.h"

namespace zipp::graph::synth {

inline constexpr std::int32_t kHub = -1;  // archetype id of a hub subreddit
inline constexpr std::int64_t kTitlesPerArchetype = 48;
inline constexpr std::int64_t kMaxMixture = 3;  // archetypes per user, at most

// Keys of the world's random streams: Rng(seed, {key, ...}).
enum class Stream : std::uint64_t {
  kSubredditOrder = 1,
  kPopularity,
  kSubredditName,
  kDescription,
  kTitle,
  kUserTaste,
  kUserEdges,
  kUserCounts,
  kUserStyle,
  kUserVisual,
  kUserName,
};

struct World {
  SynthConfig config;
  std::uint64_t seed = 0;
  std::int64_t embed_dim = 0;
  std::vector<Archetype> archetypes;

  // Subreddits, by id.
  std::vector<std::string> names;
  std::vector<std::string> descriptions;
  std::vector<std::int32_t> archetype_of;  // kHub for hubs
  std::vector<double> popularity;          // (rank + 1)^-popularity_exponent

  // Samplers: a subreddit of archetype k is members[k][by_archetype[k].sample()].
  std::vector<std::vector<std::int32_t>> members;
  std::vector<AliasTable> by_archetype;
  std::vector<std::int32_t> hubs;
  AliasTable by_hub;
  std::vector<std::int32_t> non_hubs;
  AliasTable by_any_taste;  // every non-hub subreddit, by popularity (exploration)

  DegreeModel degree{1.0, 1.0, 1};
  // Archetype choice weights per (gender, age band): prevalence times the demographic tilts.
  std::vector<double> tilted;  // [genders][age bands][K]

  // Per archetype, kTitlesPerArchetype titles and their embeddings [K][T][embed_dim].
  std::vector<std::string> titles;  // [K * T]
  std::vector<float> title_embeddings;

  std::int64_t num_users() const { return config.users; }
  std::int64_t num_subreddits() const { return static_cast<std::int64_t>(names.size()); }
  std::int64_t num_archetypes() const { return static_cast<std::int64_t>(archetypes.size()); }
  std::span<const double> archetype_weights(std::int8_t gender, std::int8_t age_band) const;
  std::span<const float> title_embedding(std::int64_t archetype, std::int64_t title) const;
};

// ConfigError when the configuration cannot make a world: fewer non-hub subreddits than
// archetypes, an unknown archetype name, a mean degree beyond the cap.
World build_world(const SynthConfig& config, const TextEmbedderOptions& embedder,
                  std::uint64_t seed);

// Subreddit features: the builtin text embedding of each description, float32 [S, D].
at::Tensor subreddit_features(const World& world, const TextEmbedderOptions& embedder);

}  // namespace zipp::graph::synth
