// The fixed part of the synthetic world: the archetype table, subreddits, samplers and the degree
// law (graph/synth/world.h).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "core/error.h"
#include "graph/synth/alias_table.h"
#include "graph/synth/archetype.h"
#include "graph/synth/degree_model.h"
#include "graph/synth/world.h"
#include "graph/text_embedder.h"
#include "tests/graph/synth/small_world.h"

namespace zipp::graph::synth {
namespace {

using testing::kSeed;
using testing::small_config;
using testing::small_world;

TEST(SynthArchetypes, TableHasAtLeastSixteenCompleteArchetypes) {
  const auto table = builtin_archetypes();
  ASSERT_GE(table.size(), 16U);
  std::set<std::string> names;
  for (const Archetype& a : table) {
    SCOPED_TRACE(a.name);
    EXPECT_TRUE(names.insert(a.name).second);
    EXPECT_GE(a.interests.size(), 8U);
    EXPECT_GE(a.styles.size(), 8U);
    EXPECT_GE(a.subjects.size(), 4U);
    EXPECT_GE(a.stems.size(), 6U);
    EXPECT_GT(a.prevalence, 0);
    EXPECT_GT(a.female_lean, 0);
    for (float x : a.aesthetic) {
      EXPECT_GE(x, 0.0F);
      EXPECT_LE(x, 1.0F);
    }
  }
  for (const char* wanted : {"film_photography", "vaporwave", "cottagecore", "street_photography",
                             "anime", "cyberpunk", "minimalism", "dark_academia"}) {
    EXPECT_TRUE(names.count(wanted)) << wanted;
  }
}

TEST(SynthArchetypes, SelectionByNameAndCount) {
  const auto chosen = select_archetypes({"anime", "vaporwave", "pets"}, 2);
  ASSERT_EQ(chosen.size(), 2U);
  EXPECT_EQ(chosen[0].name, "anime");
  EXPECT_EQ(chosen[1].name, "vaporwave");
  EXPECT_EQ(select_archetypes({}, 0).size(), builtin_archetypes().size());
  try {
    select_archetypes({"vaporwav"}, 0);
    FAIL() << "an unknown archetype was accepted";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'vaporwave'"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(select_archetypes({"anime", "anime"}, 0), core::ConfigError);
  EXPECT_THROW(select_archetypes({}, 1000), core::ConfigError);
}

TEST(SynthWorld, SubredditsHaveUniqueNamesArchetypesAndHubs) {
  const World w = small_world();
  ASSERT_EQ(w.num_subreddits(), 400);
  std::set<std::string> lower_names;
  for (const std::string& name : w.names) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(lower_names.insert(lower).second) << "repeated name " << name;
    EXPECT_TRUE(std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c));
    })) << name;
  }
  EXPECT_EQ(static_cast<std::int64_t>(w.hubs.size()), small_config().num_hubs());
  EXPECT_EQ(w.hubs.size(), 20U);
  for (std::int64_t k = 0; k < w.num_archetypes(); ++k) {
    EXPECT_FALSE(w.members[k].empty()) << w.archetypes[k].name;
  }
  // Popular archetypes get more subreddits.
  auto size_of = [&](const std::string& name) {
    for (std::int64_t k = 0; k < w.num_archetypes(); ++k) {
      if (w.archetypes[k].name == name) return w.members[k].size();
    }
    return std::size_t{0};
  };
  EXPECT_GT(size_of("anime"), 2 * size_of("dark_academia"));
}

TEST(SynthWorld, DescriptionsUseTheirArchetypesVocabulary) {
  const World w = small_world();
  for (std::int64_t s = 0; s < w.num_subreddits(); ++s) {
    const std::int32_t k = w.archetype_of[s];
    if (k == kHub) continue;
    const Archetype& a = w.archetypes[k];
    const bool found = std::any_of(a.interests.begin(), a.interests.end(), [&](const auto& i) {
      return w.descriptions[s].find(i) != std::string::npos;
    });
    EXPECT_TRUE(found) << w.descriptions[s];
  }
  // Subreddits of one archetype are nearer each other in feature space than to others.
  const at::Tensor features =
      subreddit_features(w, testing::small_graph_config().embedder_options());
  double same = 0;
  double other = 0;
  std::int64_t same_n = 0;
  std::int64_t other_n = 0;
  for (std::int64_t a = 0; a < 100; ++a) {
    for (std::int64_t b = a + 1; b < 100; ++b) {
      if (w.archetype_of[a] == kHub || w.archetype_of[b] == kHub) continue;
      const double dot = features[a].dot(features[b]).item<float>();
      (w.archetype_of[a] == w.archetype_of[b] ? same : other) += dot;
      ++(w.archetype_of[a] == w.archetype_of[b] ? same_n : other_n);
    }
  }
  ASSERT_GT(same_n, 0);
  EXPECT_GT(same / same_n, other / other_n + 0.1);
}

TEST(SynthWorld, PopularityIsZipfLike) {
  const World w = small_world();
  std::vector<double> p = w.popularity;
  std::sort(p.rbegin(), p.rend());
  EXPECT_DOUBLE_EQ(p[0], 1.0);
  EXPECT_NEAR(p[9], 0.1, 1e-12);
  EXPECT_NEAR(p[99], 0.01, 1e-12);
}

TEST(SynthWorld, SameSeedSameWorldOtherSeedOtherWorld) {
  const World a = small_world();
  const World b = small_world();
  const World c = small_world(small_config(), kSeed + 1);
  EXPECT_EQ(a.names, b.names);
  EXPECT_EQ(a.descriptions, b.descriptions);
  EXPECT_EQ(a.archetype_of, b.archetype_of);
  EXPECT_EQ(a.title_embeddings, b.title_embeddings);
  EXPECT_NE(a.names, c.names);
  EXPECT_NE(a.archetype_of, c.archetype_of);
}

TEST(SynthWorld, RefusesTooFewSubredditsForTheArchetypes) {
  SynthConfig c = small_config(100, 10);
  EXPECT_THROW(small_world(c), core::ConfigError);
  c.num_archetypes = 4;
  c.mean_degree = 2;
  EXPECT_NO_THROW(small_world(c));
}

TEST(SynthDegreeModel, ScaleGivesTheMeanExactly) {
  for (const auto& [mean, tail, cap] :
       {std::tuple{10.0, 2.0, std::int64_t{5000}}, std::tuple{10.0, 2.0, std::int64_t{200}},
        std::tuple{3.5, 1.5, std::int64_t{40}}, std::tuple{1.0, 2.0, std::int64_t{10}}}) {
    const DegreeModel model(mean, tail, cap);
    EXPECT_NEAR(DegreeModel::expected(model.scale(), tail, cap), mean, 1e-6 * mean);
    core::Rng rng(7, {static_cast<std::uint64_t>(cap)});
    double sum = 0;
    std::int64_t lo = cap;
    std::int64_t hi = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
      const std::int64_t d = model.sample(rng);
      sum += static_cast<double>(d);
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    EXPECT_GE(lo, 1);
    EXPECT_LE(hi, cap);
    EXPECT_NEAR(sum / n, mean, 0.03 * mean) << "mean " << mean << " cap " << cap;
  }
  EXPECT_THROW(DegreeModel(11, 2, 10), core::ConfigError);
  EXPECT_THROW(DegreeModel(0.5, 2, 10), core::ConfigError);
}

TEST(SynthDegreeModel, TailFollowsThePowerLaw) {
  const DegreeModel model(10, 2, 100000);
  core::Rng rng(11);
  const int n = 400000;
  int at_least_100 = 0;
  for (int i = 0; i < n; ++i) at_least_100 += model.sample(rng) >= 100 ? 1 : 0;
  const double predicted = std::pow(1.0 + 99.0 / model.scale(), -2.0);
  EXPECT_NEAR(static_cast<double>(at_least_100) / n, predicted, 0.15 * predicted);
}

TEST(SynthAliasTable, DrawsInProportionToWeight) {
  const std::vector<double> weights = {1, 0, 3, 6};
  const AliasTable table(weights);
  core::Rng rng(3);
  std::vector<int> counts(4, 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) ++counts[table.sample(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / double(n), 0.1, 0.01);
  EXPECT_NEAR(counts[2] / double(n), 0.3, 0.01);
  EXPECT_NEAR(counts[3] / double(n), 0.6, 0.01);
  EXPECT_THROW(AliasTable(std::vector<double>{0, 0}), core::InputError);
  EXPECT_THROW(AliasTable(std::vector<double>{1, -1}), core::InputError);
}

}  // namespace
}  // namespace zipp::graph::synth
