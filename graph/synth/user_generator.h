// Draws synthetic users from a World (docs/synthetic-world.md "Users"). User u depends only on
// (seed, u): every random number it uses comes from streams keyed by the user id, so a block of
// users generated alone equals the same users inside any larger block, on any rank or thread.
// One generator per thread: it keeps scratch space (a mark per subreddit) between users.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/synth/user_block.h"
#include "graph/synth/world.h"

namespace zipp::graph::synth {

class UserGenerator {
 public:
  explicit UserGenerator(const World& world);

  // Users [first, first + count); InternalError outside [0, world.num_users()).
  UserBlock generate(std::int64_t first, std::int64_t count);

 private:
  struct Edge {
    std::int32_t subreddit;
    float affinity;
  };
  struct Taste;

  void add_user(std::int64_t user, UserBlock& block);
  Taste draw_taste(std::int64_t user, UserBlock& block) const;
  void draw_edges(std::int64_t user, const Taste& taste);
  void draw_counts(std::int64_t user, const Taste& taste, UserBlock& block);
  void draw_style(std::int64_t user, const Taste& taste, UserBlock& block) const;
  void draw_visual(std::int64_t user, const Taste& taste, UserBlock& block) const;

  const World* world_;
  std::vector<std::uint32_t> mark_;  // per subreddit: the stamp of the last user that took it
  std::uint32_t stamp_ = 0;
  std::vector<Edge> edges_;
};

}  // namespace zipp::graph::synth
