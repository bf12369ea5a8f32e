// Users of the synthetic world (graph/synth/user_generator.h): determinism, independence of the
// block layout, and the statistics docs/synthetic-world.md promises.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include <gtest/gtest.h>

#include "graph/synth/user_block.h"
#include "graph/synth/user_generator.h"
#include "tests/graph/synth/small_world.h"

namespace zipp::graph::synth {
namespace {

using testing::kSeed;
using testing::small_config;
using testing::small_world;

UserBlock all_users(const World& w) { return UserGenerator(w).generate(0, w.num_users()); }

// The rows of users [begin, end) of a block that starts at user 0, as a block of their own.
UserBlock slice(const UserBlock& b, std::int64_t begin, std::int64_t end) {
  UserBlock s;
  s.first_user = begin;
  s.num_users = end - begin;
  s.embed_dim = b.embed_dim;
  s.names.assign(b.names.begin() + begin, b.names.begin() + end);
  const std::int64_t e0 = b.indptr[begin];
  const std::int64_t e1 = b.indptr[end];
  for (std::int64_t u = begin; u <= end; ++u) s.indptr.push_back(b.indptr[u] - e0);
  s.indices.assign(b.indices.begin() + e0, b.indices.begin() + e1);
  s.posts.assign(b.posts.begin() + e0, b.posts.begin() + e1);
  s.comments.assign(b.comments.begin() + e0, b.comments.begin() + e1);
  const std::int64_t d = b.embed_dim;
  for (std::size_t i = 0; i < b.aligned_users.size(); ++i) {
    if (b.aligned_users[i] < begin || b.aligned_users[i] >= end) continue;
    s.aligned_users.push_back(b.aligned_users[i]);
    s.alignment.insert(s.alignment.end(), b.alignment.begin() + i * d,
                       b.alignment.begin() + (i + 1) * d);
  }
  auto part = [&](const auto& v, std::int64_t width) {
    return std::decay_t<decltype(v)>(v.begin() + begin * width, v.begin() + end * width);
  };
  s.age_band = part(b.age_band, 1);
  s.gender = part(b.gender, 1);
  s.region = part(b.region, 1);
  s.mixture_ids = part(b.mixture_ids, kMaxMixture);
  s.mixture_weights = part(b.mixture_weights, kMaxMixture);
  s.style = part(b.style, kAestheticDims);
  s.activity = part(b.activity, 1);
  s.post_share = part(b.post_share, 1);
  s.visual = part(b.visual, 1);
  return s;
}

void expect_same(const UserBlock& a, const UserBlock& b) {
  EXPECT_EQ(a.first_user, b.first_user);
  EXPECT_EQ(a.num_users, b.num_users);
  EXPECT_EQ(a.names, b.names);
  EXPECT_EQ(a.indptr, b.indptr);
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.posts, b.posts);
  EXPECT_EQ(a.comments, b.comments);
  EXPECT_EQ(a.aligned_users, b.aligned_users);
  EXPECT_EQ(a.alignment, b.alignment);
  EXPECT_EQ(a.age_band, b.age_band);
  EXPECT_EQ(a.gender, b.gender);
  EXPECT_EQ(a.region, b.region);
  EXPECT_EQ(a.mixture_ids, b.mixture_ids);
  EXPECT_EQ(a.mixture_weights, b.mixture_weights);
  EXPECT_EQ(a.style, b.style);
  EXPECT_EQ(a.activity, b.activity);
  EXPECT_EQ(a.post_share, b.post_share);
  EXPECT_EQ(a.visual, b.visual);
}

class SynthUsers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World(small_world(small_config(20000, 400)));
    users_ = new UserBlock(all_users(*world_));
  }
  static void TearDownTestSuite() {
    delete users_;
    delete world_;
  }
  static const World& w() { return *world_; }
  static const UserBlock& users() { return *users_; }

  static World* world_;
  static UserBlock* users_;
};
World* SynthUsers::world_ = nullptr;
UserBlock* SynthUsers::users_ = nullptr;

TEST_F(SynthUsers, SameSeedGivesTheSameUsersAnotherSeedOthers) {
  const World again = small_world(small_config(20000, 400));
  expect_same(UserGenerator(again).generate(0, 2000), slice(users(), 0, 2000));
  const World other = small_world(small_config(20000, 400), kSeed + 1);
  const UserBlock b = UserGenerator(other).generate(0, 2000);
  EXPECT_NE(b.indices, slice(users(), 0, 2000).indices);
  EXPECT_NE(b.mixture_ids, slice(users(), 0, 2000).mixture_ids);
}

TEST_F(SynthUsers, ABlockEqualsTheSameUsersGeneratedAlone) {
  // A generator that drew other users first (its scratch marks are in use) and a fresh one.
  UserGenerator used(w());
  used.generate(100, 3000);
  expect_same(used.generate(4321, 17), slice(users(), 4321, 4338));
  expect_same(UserGenerator(w()).generate(19990, 10), slice(users(), 19990, 20000));
  expect_same(UserGenerator(w()).generate(7, 1), slice(users(), 7, 8));
}

TEST_F(SynthUsers, BlocksSurviveSerialization) {
  const UserBlock b = slice(users(), 100, 400);
  expect_same(deserialize(serialize(b)), b);
  std::vector<std::byte> bytes = serialize(b);
  bytes.resize(bytes.size() - 3);
  EXPECT_THROW(deserialize(bytes), core::InputError);
}

TEST_F(SynthUsers, MeanDegreeMatchesTheConfigurationAndTheTailIsHeavy) {
  const UserBlock& b = users();
  const double mean = static_cast<double>(b.num_edges()) / static_cast<double>(b.num_users);
  // The degree law's standard deviation here is about 24, so the mean of 20000 users has a
  // standard error near 0.17.
  EXPECT_NEAR(mean, w().config.mean_degree, 0.8);
  std::vector<std::int64_t> degrees;
  for (std::int64_t u = 0; u < b.num_users; ++u) degrees.push_back(b.indptr[u + 1] - b.indptr[u]);
  const std::int64_t ones = std::count(degrees.begin(), degrees.end(), 1);
  const std::int64_t big =
      std::count_if(degrees.begin(), degrees.end(), [&](std::int64_t d) { return d >= 10 * mean; });
  EXPECT_EQ(*std::min_element(degrees.begin(), degrees.end()), 1);  // every user has an edge
  EXPECT_LE(*std::max_element(degrees.begin(), degrees.end()), w().config.degree_cap());
  // P(D = 1) = 1 - (1 + 1/scale)^-2 near 0.19 and P(D >= 100) near 0.008: many tiny users and a
  // visible tail.
  EXPECT_GT(ones, b.num_users / 8);
  EXPECT_GT(big, b.num_users / 400);
  std::sort(degrees.begin(), degrees.end());
  EXPECT_LT(degrees[degrees.size() / 2], mean);  // median below the mean
}

TEST_F(SynthUsers, InteractionCountsAreHeavyTailedAndMostlyComments) {
  const UserBlock& b = users();
  std::int64_t posts = 0;
  std::int64_t total = 0;
  std::int64_t single = 0;
  std::int64_t large = 0;
  for (std::int64_t e = 0; e < b.num_edges(); ++e) {
    const std::int64_t n = std::int64_t{b.posts[e]} + b.comments[e];
    ASSERT_GE(b.posts[e], 0);
    ASSERT_GE(b.comments[e], 0);
    ASSERT_GE(n, 1);
    posts += b.posts[e];
    total += n;
    single += n == 1 ? 1 : 0;
    large += n >= 20 ? 1 : 0;
  }
  EXPECT_GT(single, b.num_edges() / 5);
  EXPECT_GT(large, b.num_edges() / 1000);
  const double post_share = static_cast<double>(posts) / static_cast<double>(total);
  EXPECT_GT(post_share, 0.15);
  EXPECT_LT(post_share, 0.35);
}

TEST_F(SynthUsers, HubsAreVisitedByEveryKindOfUser) {
  const UserBlock& b = users();
  std::int64_t hub_edges = 0;
  for (std::int32_t s : b.indices) hub_edges += w().archetype_of[s] == kHub ? 1 : 0;
  const double share = static_cast<double>(hub_edges) / static_cast<double>(b.num_edges());
  EXPECT_NEAR(share, w().config.hub_share, 0.03);
}

TEST_F(SynthUsers, UsersPreferTheirArchetypesSubreddits) {
  const UserBlock& b = users();
  const double s_count = static_cast<double>(w().num_subreddits());
  double own = 0;
  double chance = 0;
  std::int64_t taste_edges = 0;
  for (std::int64_t u = 0; u < b.num_users; ++u) {
    std::set<std::int32_t> held;
    double held_size = 0;
    for (std::int64_t i = 0; i < kMaxMixture; ++i) {
      const std::int32_t k = b.mixture_ids[u * kMaxMixture + i];
      if (k < 0) continue;
      held.insert(k);
      held_size += static_cast<double>(w().members[k].size());
    }
    // Heavy users exhaust their archetypes' subreddits in a world this small and take others.
    if (b.indptr[u + 1] - b.indptr[u] > 20) continue;
    for (std::int64_t e = b.indptr[u]; e < b.indptr[u + 1]; ++e) {
      const std::int32_t k = w().archetype_of[b.indices[e]];
      if (k == kHub) continue;
      ++taste_edges;
      own += held.count(k) ? 1 : 0;
      chance += held_size / s_count;
    }
  }
  // Draws go to the user's own archetypes with probability 1 - explore_share / (1 - hub_share),
  // 88% here; repeats are drawn again, and they are likelier among the few subreddits of one's own
  // archetypes, which lowers the share a little. By chance it would be about 10%.
  const double own_share = own / static_cast<double>(taste_edges);
  EXPECT_GT(own_share, 0.75);
  EXPECT_GT(own_share, 5 * chance / static_cast<double>(taste_edges));
  EXPECT_LT(chance / static_cast<double>(taste_edges), 0.3);
}

TEST_F(SynthUsers, GroundTruthIsConsistent) {
  const UserBlock& b = users();
  ASSERT_EQ(b.age_band.size(), static_cast<std::size_t>(b.num_users));
  std::vector<std::int64_t> sizes(kMaxMixture + 1, 0);
  std::int64_t visual = 0;
  std::int64_t female = 0;
  for (std::int64_t u = 0; u < b.num_users; ++u) {
    float sum = 0;
    std::int64_t size = 0;
    for (std::int64_t i = 0; i < kMaxMixture; ++i) {
      const std::int32_t k = b.mixture_ids[u * kMaxMixture + i];
      const float weight = b.mixture_weights[u * kMaxMixture + i];
      if (k < 0) {
        EXPECT_EQ(weight, 0.0F);
        continue;
      }
      ++size;
      ASSERT_LT(k, w().num_archetypes());
      if (i > 0) {
        EXPECT_LE(weight, b.mixture_weights[u * kMaxMixture + i - 1]);
      }
      for (std::int64_t j = 0; j < i; ++j) EXPECT_NE(k, b.mixture_ids[u * kMaxMixture + j]);
      sum += weight;
    }
    ++sizes[size];
    EXPECT_NEAR(sum, 1.0F, 1e-5F);
    // The style vector is the mixture of the archetypes' profiles plus small noise.
    for (std::size_t d = 0; d < kAestheticDims; ++d) {
      double expected = 0;
      for (std::int64_t i = 0; i < size; ++i) {
        expected += b.mixture_weights[u * kMaxMixture + i] *
                    w().archetypes[b.mixture_ids[u * kMaxMixture + i]].aesthetic[d];
      }
      const float got = b.style[u * kAestheticDims + d];
      EXPECT_GE(got, 0.0F);
      EXPECT_LE(got, 1.0F);
      EXPECT_NEAR(got, expected, 0.3);
    }
    visual += b.visual[u];
    female += b.gender[u] == kFemale ? 1 : 0;
    EXPECT_LT(b.age_band[u], static_cast<std::int8_t>(kAgeBands.size()));
    EXPECT_LT(b.region[u], static_cast<std::int8_t>(kRegions.size()));
  }
  EXPECT_EQ(sizes[0], 0);
  EXPECT_NEAR(sizes[1] / double(b.num_users), 0.45, 0.02);
  EXPECT_NEAR(sizes[3] / double(b.num_users), 0.20, 0.02);
  EXPECT_NEAR(visual / double(b.num_users), w().config.visual_fraction, 0.02);
  EXPECT_NEAR(female / double(b.num_users), kGenderShares[kFemale], 0.02);
  EXPECT_EQ(static_cast<std::int64_t>(b.aligned_users.size()), visual);
}

TEST_F(SynthUsers, DemographicsTiltTheArchetypes) {
  const UserBlock& b = users();
  std::int64_t cottage = -1;
  for (std::int64_t k = 0; k < w().num_archetypes(); ++k) {
    if (w().archetypes[k].name == "cottagecore") cottage = k;
  }
  ASSERT_GE(cottage, 0);
  std::array<double, 2> holders{0, 0};
  std::array<double, 2> people{0, 0};
  for (std::int64_t u = 0; u < b.num_users; ++u) {
    if (b.gender[u] != kMale && b.gender[u] != kFemale) continue;
    const int g = b.gender[u] == kFemale ? 1 : 0;
    people[g] += 1;
    for (std::int64_t i = 0; i < kMaxMixture; ++i) {
      holders[g] += b.mixture_ids[u * kMaxMixture + i] == cottage ? 1 : 0;
    }
  }
  EXPECT_GT(holders[1] / people[1], 3 * holders[0] / people[0]);
}

TEST_F(SynthUsers, AlignmentVectorsAreUnitMeansOfTheirArchetypesTitles) {
  const UserBlock& b = users();
  const std::int64_t d = b.embed_dim;
  ASSERT_EQ(b.alignment.size(), b.aligned_users.size() * static_cast<std::size_t>(d));
  double own = 0;
  double other = 0;
  for (std::size_t i = 0; i < b.aligned_users.size() && i < 500; ++i) {
    const std::int64_t u = b.aligned_users[i];
    ASSERT_TRUE(b.visual[u]);
    const float* v = b.alignment.data() + i * d;
    double norm = 0;
    for (std::int64_t j = 0; j < d; ++j) norm += v[j] * v[j];
    EXPECT_NEAR(norm, 1.0, 1e-4);
    // Nearer the titles of the user's top archetype than those of an archetype it lacks.
    const std::int32_t top = b.mixture_ids[u * kMaxMixture];
    std::int32_t absent = 0;
    while (std::find(b.mixture_ids.begin() + u * kMaxMixture,
                     b.mixture_ids.begin() + (u + 1) * kMaxMixture,
                     absent) != b.mixture_ids.begin() + (u + 1) * kMaxMixture) {
      ++absent;
    }
    for (std::int64_t t = 0; t < kTitlesPerArchetype; ++t) {
      const auto own_title = w().title_embedding(top, t);
      const auto other_title = w().title_embedding(absent, t);
      for (std::int64_t j = 0; j < d; ++j) {
        own += v[j] * own_title[j];
        other += v[j] * other_title[j];
      }
    }
  }
  EXPECT_GT(own, other * 1.5);
}

TEST_F(SynthUsers, NamesAreUniqueAndRedditLike) {
  const std::set<std::string> names(users().names.begin(), users().names.end());
  EXPECT_EQ(names.size(), users().names.size());
  EXPECT_NE(users().names[0].find('_'), std::string::npos);
}

}  // namespace
}  // namespace zipp::graph::synth
