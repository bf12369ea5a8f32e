#include "graph/synth/synth_config.h"

#include <algorithm>
#include <cmath>

namespace zipp::graph::synth {

void SynthConfig::describe(core::config::SectionSpec<SynthConfig>& spec) {
  using S = SynthConfig;
  auto positive = [](std::int64_t v) { return v >= 1; };
  auto share = [](double v) { return v >= 0 && v <= 1; };
  spec.field("users", &S::users, "number of users (graph rows)")
      .check(positive, "must be at least 1");
  spec.field("subreddits", &S::subreddits, "number of subreddits, hubs included")
      .check([](std::int64_t v) { return v >= 1 && v <= 2147483647; }, "must be in [1, 2^31-1]");
  spec.field("mean_degree", &S::mean_degree,
             "expected subreddits per user (the degree law is calibrated to it exactly)")
      .check([](double v) { return v >= 1; }, "must be at least 1");
  spec.field("max_degree", &S::max_degree,
             "cap on a user's subreddits (also at most half the subreddits)")
      .check(positive, "must be at least 1");
  spec.field("degree_tail", &S::degree_tail,
             "power-law exponent of the user degree tail, P(D >= k) ~ k^-tail")
      .check([](double v) { return v > 0 && v <= 20; }, "must be in (0, 20]");
  spec.field("popularity_exponent", &S::popularity_exponent,
             "Zipf exponent of subreddit popularity: weight (rank + 1)^-exponent")
      .check([](double v) { return v >= 0 && v <= 5; }, "must be in [0, 5]");
  spec.field("hub_fraction", &S::hub_fraction,
             "share of subreddits that are taste-free hubs (archetype -1)")
      .check([](double v) { return v >= 0 && v < 1; }, "must be in [0, 1)");
  spec.field("hub_share", &S::hub_share, "probability that one of a user's picks is a hub")
      .check(share, "must be in [0, 1]");
  spec.field("explore_share", &S::explore_share,
             "probability that a pick is any non-hub subreddit by popularity, ignoring taste")
      .check(share, "must be in [0, 1]");
  spec.field("count_tail", &S::count_tail, "power-law exponent of posts+comments per edge")
      .check([](double v) { return v > 1 && v <= 20; }, "must be in (1, 20]");
  spec.field("count_scale", &S::count_scale,
             "Lomax scale of interactions per edge beyond the first (times activity, affinity)")
      .check([](double v) { return v > 0 && v <= 1e4; }, "must be in (0, 1e4]");
  spec.field("visual_fraction", &S::visual_fraction,
             "share of users with visual behaviour (image posts, an alignment vector)")
      .check(share, "must be in [0, 1]");
  spec.field("max_titles", &S::max_titles,
             "a visual user posts 1 to max_titles image titles (uniform)")
      .check([](std::int64_t v) { return v >= 1 && v <= 75; }, "must be in [1, 75]");
  spec.field("archetypes", &S::archetypes,
             "builtin archetypes to use, by name, in this order; empty: all of them");
  spec.field("num_archetypes", &S::num_archetypes,
             "use the first N archetypes of that list; 0: all")
      .check([](std::int64_t v) { return v >= 0; }, "must be >= 0");
  spec.field("block_users", &S::block_users,
             "users generated per block (memory and parallel grain; the graph does not depend "
             "on it)")
      .check([](std::int64_t v) { return v >= 1 && v <= 1 << 24; }, "must be in [1, 2^24]");
  spec.field("threads", &S::threads,
             "generator threads per rank beside the rank's main thread (0: none)")
      .check([](std::int64_t v) { return v >= 0 && v <= 256; }, "must be in [0, 256]");
  spec.validate([](const S& s) -> std::string {
    if (s.hub_share > 0 && s.num_hubs() == 0) {
      return "hub_share > 0 needs hubs: set hub_fraction > 0 or hub_share: 0";
    }
    if (s.hub_share + s.explore_share > 1) {
      return "hub_share + explore_share must not exceed 1";
    }
    if (s.mean_degree > static_cast<double>(s.degree_cap())) {
      return core::str("mean_degree ", s.mean_degree, " exceeds the degree cap ", s.degree_cap(),
                       " (max_degree, at most half the subreddits)");
    }
    return {};
  });
}

std::int64_t SynthConfig::num_hubs() const {
  if (hub_fraction <= 0) return 0;
  const auto hubs = static_cast<std::int64_t>(std::llround(hub_fraction * subreddits));
  return std::clamp<std::int64_t>(hubs, 1, subreddits);
}

std::int64_t SynthConfig::degree_cap() const {
  return std::max<std::int64_t>(1, std::min(max_degree, subreddits / 2));
}

}  // namespace zipp::graph::synth
