#include "graph/synth/world.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include <ATen/ops/empty.h>

#include "core/check.h"
#include "core/text/ascii_case.h"
#include "graph/synth/hub_topic.h"
#include "graph/synth/naming.h"

namespace zipp::graph::synth {
namespace {

std::uint64_t key(Stream stream) { return static_cast<std::uint64_t>(stream); }

template <class T>
void shuffle(std::vector<T>& items, core::Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[rng.below(i)]);
  }
}

// Subreddits per archetype: one each, the rest in proportion to prevalence (largest remainder,
// ties to the earlier archetype).
std::vector<std::int64_t> archetype_sizes(const std::vector<Archetype>& archetypes,
                                          std::int64_t non_hubs) {
  const auto k = static_cast<std::int64_t>(archetypes.size());
  std::vector<std::int64_t> sizes(archetypes.size(), 1);
  const std::int64_t rest = non_hubs - k;
  double total = 0;
  for (const Archetype& a : archetypes) total += a.prevalence;
  std::vector<double> remainder(archetypes.size());
  std::int64_t given = 0;
  for (std::size_t i = 0; i < archetypes.size(); ++i) {
    const double share = static_cast<double>(rest) * archetypes[i].prevalence / total;
    const auto whole = static_cast<std::int64_t>(std::floor(share));
    sizes[i] += whole;
    given += whole;
    remainder[i] = share - static_cast<double>(whole);
  }
  std::vector<std::size_t> order(archetypes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::int64_t i = 0; i < rest - given; ++i) ++sizes[order[i % k]];
  return sizes;
}

Vocabulary vocabulary_of(const Archetype& a) {
  return {a.stems, a.interests, a.styles, a.subjects};
}

Vocabulary vocabulary_of(const HubTopic& t) { return {t.stems, t.interests, {}, {}}; }

// Names are unique without regard to case, as on Reddit.
std::string unique_name(const Vocabulary& vocabulary, core::Rng& rng, std::int64_t id,
                        std::unordered_set<std::string>& taken) {
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::string name = subreddit_name_candidate(vocabulary, rng);
    if (taken.insert(core::ascii_lower(name)).second) return name;
  }
  std::string base = subreddit_name_candidate(vocabulary, rng);
  for (std::int64_t n = id;; n += 1000003) {
    std::string name = base + std::to_string(n);
    if (taken.insert(core::ascii_lower(name)).second) return name;
  }
}

void name_subreddits(World& w) {
  const std::span<const HubTopic> topics = builtin_hub_topics();
  const std::int64_t s_count = static_cast<std::int64_t>(w.archetype_of.size());
  std::unordered_set<std::string> taken;
  taken.reserve(static_cast<std::size_t>(s_count) * 2);
  w.names.resize(s_count);
  w.descriptions.resize(s_count);
  std::int64_t hub_index = 0;
  for (std::int64_t s = 0; s < s_count; ++s) {
    const std::int32_t k = w.archetype_of[s];
    const Vocabulary vocabulary =
        k == kHub ? vocabulary_of(topics[hub_index++ % static_cast<std::int64_t>(topics.size())])
                  : vocabulary_of(w.archetypes[k]);
    core::Rng name_rng(w.seed, {key(Stream::kSubredditName), static_cast<std::uint64_t>(s)});
    w.names[s] = unique_name(vocabulary, name_rng, s, taken);
    core::Rng text_rng(w.seed, {key(Stream::kDescription), static_cast<std::uint64_t>(s)});
    w.descriptions[s] = subreddit_description(w.names[s], vocabulary, text_rng);
  }
}

AliasTable popularity_sampler(const World& w, const std::vector<std::int32_t>& ids) {
  std::vector<double> weights;
  weights.reserve(ids.size());
  for (std::int32_t s : ids) weights.push_back(w.popularity[s]);
  return AliasTable(weights);
}

void build_samplers(World& w) {
  w.members.assign(w.archetypes.size(), {});
  for (std::size_t s = 0; s < w.archetype_of.size(); ++s) {
    const std::int32_t k = w.archetype_of[s];
    if (k == kHub) {
      w.hubs.push_back(static_cast<std::int32_t>(s));
    } else {
      w.members[k].push_back(static_cast<std::int32_t>(s));
      w.non_hubs.push_back(static_cast<std::int32_t>(s));
    }
  }
  for (const auto& ids : w.members) w.by_archetype.push_back(popularity_sampler(w, ids));
  if (!w.hubs.empty()) w.by_hub = popularity_sampler(w, w.hubs);
  w.by_any_taste = popularity_sampler(w, w.non_hubs);
}

void build_tilts(World& w) {
  const std::size_t k_count = w.archetypes.size();
  w.tilted.assign(kGenders.size() * kAgeBands.size() * k_count, 0.0);
  for (std::size_t g = 0; g < kGenders.size(); ++g) {
    for (std::size_t a = 0; a < kAgeBands.size(); ++a) {
      for (std::size_t k = 0; k < k_count; ++k) {
        const Archetype& arch = w.archetypes[k];
        double weight = arch.prevalence;
        if (g == static_cast<std::size_t>(kFemale)) weight *= arch.female_lean;
        if (g == static_cast<std::size_t>(kMale)) weight /= arch.female_lean;
        weight *= std::exp(arch.age_lean * (static_cast<double>(a) - 2.0) / 2.0);
        w.tilted[(g * kAgeBands.size() + a) * k_count + k] = weight;
      }
    }
  }
}

void build_titles(World& w, const TextEmbedderOptions& embedder_options) {
  const TextEmbedder embedder(embedder_options);
  const std::int64_t k_count = w.num_archetypes();
  w.titles.resize(static_cast<std::size_t>(k_count * kTitlesPerArchetype));
  w.title_embeddings.assign(w.titles.size() * static_cast<std::size_t>(w.embed_dim), 0.0F);
  for (std::int64_t k = 0; k < k_count; ++k) {
    const Vocabulary vocabulary = vocabulary_of(w.archetypes[k]);
    for (std::int64_t t = 0; t < kTitlesPerArchetype; ++t) {
      core::Rng rng(w.seed, {key(Stream::kTitle), static_cast<std::uint64_t>(k),
                             static_cast<std::uint64_t>(t)});
      const std::int64_t i = k * kTitlesPerArchetype + t;
      w.titles[i] = image_title(vocabulary, rng);
      embedder.embed(w.titles[i], std::span<float>(w.title_embeddings.data() + i * w.embed_dim,
                                                   static_cast<std::size_t>(w.embed_dim)));
    }
  }
}

}  // namespace

std::span<const double> World::archetype_weights(std::int8_t gender, std::int8_t age_band) const {
  const std::size_t k_count = archetypes.size();
  const std::size_t row = static_cast<std::size_t>(gender) * kAgeBands.size() + age_band;
  return {tilted.data() + row * k_count, k_count};
}

std::span<const float> World::title_embedding(std::int64_t archetype, std::int64_t title) const {
  const std::int64_t i = archetype * kTitlesPerArchetype + title;
  return {title_embeddings.data() + i * embed_dim, static_cast<std::size_t>(embed_dim)};
}

World build_world(const SynthConfig& config, const TextEmbedderOptions& embedder,
                  std::uint64_t seed) {
  World w;
  w.config = config;
  w.seed = seed;
  w.embed_dim = embedder.dim;
  w.archetypes = select_archetypes(config.archetypes, config.num_archetypes);
  const std::int64_t hubs = config.num_hubs();
  const std::int64_t non_hubs = config.subreddits - hubs;
  const auto k_count = static_cast<std::int64_t>(w.archetypes.size());
  ZIPP_CHECK_T(core::ConfigError, non_hubs >= k_count, "synth: ", config.subreddits,
               " subreddits with ", hubs, " hubs leave ", non_hubs, " for ", k_count,
               " archetypes; every archetype needs at least one (raise synth.subreddits, lower "
               "synth.hub_fraction or synth.num_archetypes)");

  const std::vector<std::int64_t> sizes = archetype_sizes(w.archetypes, non_hubs);
  w.archetype_of.assign(static_cast<std::size_t>(hubs), kHub);
  for (std::int64_t k = 0; k < k_count; ++k) {
    w.archetype_of.insert(w.archetype_of.end(), sizes[k], static_cast<std::int32_t>(k));
  }
  core::Rng order_rng(seed, {key(Stream::kSubredditOrder)});
  shuffle(w.archetype_of, order_rng);

  std::vector<std::int64_t> rank(w.archetype_of.size());
  std::iota(rank.begin(), rank.end(), 0);
  core::Rng popularity_rng(seed, {key(Stream::kPopularity)});
  shuffle(rank, popularity_rng);
  w.popularity.resize(rank.size());
  for (std::size_t s = 0; s < rank.size(); ++s) {
    w.popularity[s] = std::pow(static_cast<double>(rank[s] + 1), -config.popularity_exponent);
  }

  name_subreddits(w);
  build_samplers(w);
  w.degree = DegreeModel(config.mean_degree, config.degree_tail, config.degree_cap());
  build_tilts(w);
  build_titles(w, embedder);
  return w;
}

at::Tensor subreddit_features(const World& world, const TextEmbedderOptions& embedder) {
  return TextEmbedder(embedder).embed_all(world.descriptions);
}

}  // namespace zipp::graph::synth
