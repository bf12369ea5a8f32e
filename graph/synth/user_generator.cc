#include "graph/synth/user_generator.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/check.h"
#include "graph/synth/naming.h"
#include "graph/synth/posted_titles.h"

namespace zipp::graph::synth {
namespace {

// Shares of users holding one, two and three archetypes (fewer when the world has fewer).
constexpr std::array<double, kMaxMixture> kMixtureSizeShares = {0.45, 0.35, 0.20};
// Activity: lognormal with sigma 0.75 and mean 1.
constexpr double kActivitySigma = 0.75;
// Post share: Beta(1.2, 3.6), mean 0.25: most interactions are comments.
constexpr double kPostAlpha = 1.2;
constexpr double kPostBeta = 3.6;
// Interaction multipliers by what a subreddit is to the user.
constexpr double kHubAffinity = 0.8;
constexpr double kForeignAffinity = 0.5;
constexpr double kOwnAffinityPerWeight = 2.0;  // 1 + 2 w for an archetype of weight w
constexpr std::int64_t kMaxInteractions = 1000000;
constexpr double kStyleNoise = 0.05;
constexpr std::int64_t kBinomialLoopLimit = 64;

std::uint64_t key(Stream stream) { return static_cast<std::uint64_t>(stream); }

core::Rng user_rng(const World& w, Stream stream, std::int64_t user) {
  return core::Rng(w.seed, {key(stream), static_cast<std::uint64_t>(user)});
}

std::int64_t binomial(core::Rng& rng, std::int64_t n, double p) {
  if (n <= kBinomialLoopLimit) {
    std::int64_t k = 0;
    for (std::int64_t i = 0; i < n; ++i) k += rng.uniform() < p ? 1 : 0;
    return k;
  }
  const double mean = static_cast<double>(n) * p;
  const double sd = std::sqrt(mean * (1.0 - p));
  const double draw = std::round(mean + sd * rng.normal());
  return std::clamp<std::int64_t>(static_cast<std::int64_t>(draw), 0, n);
}

}  // namespace

struct UserGenerator::Taste {
  Demographics demographics;
  std::int64_t size = 0;  // archetypes held, 1-3
  std::array<std::int32_t, kMaxMixture> ids{-1, -1, -1};
  std::array<double, kMaxMixture> weights{0, 0, 0};
  double activity = 1;
  double post_share = 0;
  std::int64_t degree = 1;

  // The user's weight for archetype k (0 when not held).
  double weight_of(std::int32_t k) const {
    for (std::int64_t i = 0; i < size; ++i) {
      if (ids[i] == k) return weights[i];
    }
    return 0;
  }
};

UserGenerator::UserGenerator(const World& world)
    : world_(&world), mark_(static_cast<std::size_t>(world.num_subreddits()), 0) {}

UserBlock UserGenerator::generate(std::int64_t first, std::int64_t count) {
  const World& w = *world_;
  ZIPP_ASSERT(first >= 0 && count >= 0 && first + count <= w.num_users(), "user block [", first,
              ", ", first + count, ") outside [0, ", w.num_users(), ")");
  UserBlock block;
  block.first_user = first;
  block.num_users = count;
  block.embed_dim = w.embed_dim;
  const auto n = static_cast<std::size_t>(count);
  block.names.reserve(n);
  block.indptr.reserve(n + 1);
  block.indptr.push_back(0);
  const auto expected_edges = static_cast<std::size_t>(w.config.mean_degree * 1.2 * count) + 16;
  block.indices.reserve(expected_edges);
  block.posts.reserve(expected_edges);
  block.comments.reserve(expected_edges);
  for (auto* v : {&block.age_band, &block.gender, &block.region}) v->reserve(n);
  block.mixture_ids.reserve(n * kMaxMixture);
  block.mixture_weights.reserve(n * kMaxMixture);
  block.style.reserve(n * kAestheticDims);
  block.activity.reserve(n);
  block.post_share.reserve(n);
  block.visual.reserve(n);
  const auto expected_visual =
      static_cast<std::size_t>(w.config.visual_fraction * 1.1 * static_cast<double>(count)) + 16;
  block.aligned_users.reserve(expected_visual);
  block.alignment.reserve(expected_visual * static_cast<std::size_t>(w.embed_dim));
  for (std::int64_t u = first; u < first + count; ++u) add_user(u, block);
  return block;
}

void UserGenerator::add_user(std::int64_t user, UserBlock& block) {
  const Taste taste = draw_taste(user, block);
  draw_edges(user, taste);
  draw_counts(user, taste, block);
  draw_style(user, taste, block);
  draw_visual(user, taste, block);
  core::Rng name_rng = user_rng(*world_, Stream::kUserName, user);
  block.names.push_back(user_name(user, name_rng));
}

UserGenerator::Taste UserGenerator::draw_taste(std::int64_t user, UserBlock& block) const {
  const World& w = *world_;
  core::Rng rng = user_rng(w, Stream::kUserTaste, user);
  Taste t;
  t.demographics = draw_demographics(rng);
  const auto held = static_cast<std::int64_t>(draw_category(rng, kMixtureSizeShares)) + 1;
  t.size = std::min<std::int64_t>(held, w.num_archetypes());

  // Archetypes without replacement, by the demographically tilted prevalence.
  const std::span<const double> tilted =
      w.archetype_weights(t.demographics.gender, t.demographics.age_band);
  std::vector<double> left(tilted.begin(), tilted.end());
  double left_total = 0;
  for (double x : left) left_total += x;
  for (std::int64_t i = 0; i < t.size; ++i) {
    double u = rng.uniform() * left_total;
    std::size_t k = 0;
    while (k + 1 < left.size() && (left[k] == 0 || u >= left[k])) {
      u -= left[k];
      ++k;
    }
    while (left[k] == 0) --k;  // rounding ran past the last positive weight
    t.ids[i] = static_cast<std::int32_t>(k);
    left_total -= left[k];
    left[k] = 0;
  }
  // Dirichlet(1, ..., 1) weights, largest first.
  double sum = 0;
  for (std::int64_t i = 0; i < t.size; ++i) sum += (t.weights[i] = rng.exponential());
  for (std::int64_t i = 0; i < t.size; ++i) t.weights[i] /= sum;
  for (std::int64_t i = 1; i < t.size; ++i) {
    for (std::int64_t j = i; j > 0 && t.weights[j] > t.weights[j - 1]; --j) {
      std::swap(t.weights[j], t.weights[j - 1]);
      std::swap(t.ids[j], t.ids[j - 1]);
    }
  }
  t.activity = std::exp(kActivitySigma * rng.normal() - 0.5 * kActivitySigma * kActivitySigma);
  const double x = rng.gamma(kPostAlpha);
  const double y = rng.gamma(kPostBeta);
  t.post_share = x / (x + y);
  t.degree = w.degree.sample(rng);

  block.age_band.push_back(t.demographics.age_band);
  block.gender.push_back(t.demographics.gender);
  block.region.push_back(t.demographics.region);
  for (std::int64_t i = 0; i < kMaxMixture; ++i) {
    block.mixture_ids.push_back(t.ids[i]);
    block.mixture_weights.push_back(static_cast<float>(t.weights[i]));
  }
  block.activity.push_back(static_cast<float>(t.activity));
  block.post_share.push_back(static_cast<float>(t.post_share));
  return t;
}

void UserGenerator::draw_edges(std::int64_t user, const Taste& t) {
  const World& w = *world_;
  const SynthConfig& c = w.config;
  core::Rng rng = user_rng(w, Stream::kUserEdges, user);
  if (++stamp_ == 0) {  // wrapped: clear the marks once every 2^32 users
    std::fill(mark_.begin(), mark_.end(), 0);
    stamp_ = 1;
  }
  edges_.clear();
  auto take = [&](std::int32_t s) {
    if (mark_[s] == stamp_) return;
    mark_[s] = stamp_;
    const std::int32_t k = w.archetype_of[s];
    double affinity = kHubAffinity;
    if (k != kHub) {
      const double weight = t.weight_of(k);
      affinity = weight > 0 ? 1.0 + kOwnAffinityPerWeight * weight : kForeignAffinity;
    }
    edges_.push_back({s, static_cast<float>(affinity)});
  };
  const auto degree = static_cast<std::size_t>(t.degree);
  const std::int64_t attempts = 8 * t.degree + 64;
  for (std::int64_t a = 0; a < attempts && edges_.size() < degree; ++a) {
    const double u = rng.uniform();
    if (u < c.hub_share) {
      take(w.hubs[w.by_hub.sample(rng)]);
    } else if (u < c.hub_share + c.explore_share) {
      take(w.non_hubs[w.by_any_taste.sample(rng)]);
    } else {
      double v = rng.uniform();
      std::int64_t i = 0;
      while (i + 1 < t.size && v >= t.weights[i]) v -= t.weights[i++];
      const std::int32_t k = t.ids[i];
      take(w.members[k][w.by_archetype[k].sample(rng)]);
    }
  }
  // A user whose archetypes have too few subreddits for its degree takes any others, uniformly
  // (the cap of half the subreddits keeps this loop short).
  const auto s_count = static_cast<std::uint64_t>(w.num_subreddits());
  while (edges_.size() < degree) take(static_cast<std::int32_t>(rng.below(s_count)));
}

void UserGenerator::draw_counts(std::int64_t user, const Taste& t, UserBlock& block) {
  const World& w = *world_;
  core::Rng rng = user_rng(w, Stream::kUserCounts, user);
  std::sort(edges_.begin(), edges_.end(),
            [](const Edge& a, const Edge& b) { return a.subreddit < b.subreddit; });
  for (const Edge& e : edges_) {
    const double scale = w.config.count_scale * t.activity * e.affinity;
    const double extra = draw_lomax(rng, w.config.count_tail, scale);
    const std::int64_t n = 1 + (extra < static_cast<double>(kMaxInteractions)
                                    ? static_cast<std::int64_t>(std::floor(extra))
                                    : kMaxInteractions);
    const std::int64_t posts = binomial(rng, n, t.post_share);
    block.indices.push_back(e.subreddit);
    block.posts.push_back(static_cast<std::int32_t>(posts));
    block.comments.push_back(static_cast<std::int32_t>(n - posts));
  }
  block.indptr.push_back(static_cast<std::int64_t>(block.indices.size()));
}

void UserGenerator::draw_style(std::int64_t user, const Taste& t, UserBlock& block) const {
  const World& w = *world_;
  core::Rng rng = user_rng(w, Stream::kUserStyle, user);
  for (std::size_t d = 0; d < kAestheticDims; ++d) {
    double value = 0;
    for (std::int64_t i = 0; i < t.size; ++i) {
      value += t.weights[i] * w.archetypes[t.ids[i]].aesthetic[d];
    }
    value += kStyleNoise * rng.normal();
    block.style.push_back(static_cast<float>(std::clamp(value, 0.0, 1.0)));
  }
}

void UserGenerator::draw_visual(std::int64_t user, const Taste& t, UserBlock& block) const {
  const World& w = *world_;
  core::Rng rng = user_rng(w, Stream::kUserVisual, user);
  const bool visual = rng.uniform() < w.config.visual_fraction;
  block.visual.push_back(visual ? 1 : 0);
  if (!visual) return;
  const auto held = static_cast<std::size_t>(t.size);
  const std::vector<std::int64_t> titles = draw_title_choices(
      rng, w.config.max_titles, std::span(t.ids).first(held), std::span(t.weights).first(held));
  const std::size_t at = block.alignment.size();
  block.alignment.resize(at + static_cast<std::size_t>(w.embed_dim), 0.0F);
  const std::span<float> v(block.alignment.data() + at, static_cast<std::size_t>(w.embed_dim));
  for (const std::int64_t title : titles) {
    const std::span<const float> e =
        w.title_embedding(title / kTitlesPerArchetype, title % kTitlesPerArchetype);
    for (std::size_t d = 0; d < v.size(); ++d) v[d] += e[d];
  }
  double norm = 0;
  for (float x : v) norm += static_cast<double>(x) * x;
  // Titles of one archetype share words, so their mean is never zero.
  ZIPP_ASSERT(norm > 0, "user ", user, ": zero alignment vector");
  const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
  for (float& x : v) x *= scale;
  block.aligned_users.push_back(user);
}

}  // namespace zipp::graph::synth
