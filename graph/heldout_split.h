// The held-out edges for posting accuracy (docs method §2 metrics): per user, a few edges kept
// out of training and ranked against every subreddit at evaluation. The choice for user u
// depends only on (seed, u) and u's degree, so any user range can be split on its own (a
// generator writing blocks, a rank holding a shard) and the result equals the whole-graph one.
#pragma once

#include <cstdint>
#include <span>

namespace zipp::graph {

struct HeldOutOptions {
  std::uint64_t seed = 0;
  double fraction = 0.1;        // of each user's edges, rounded down, at least one (0: none) ...
  std::int64_t min_degree = 2;  // ... for users with at least this many edges; others keep all
};

// How many of a user's `degree` edges are held out: never all of them.
std::int64_t heldout_count(std::int64_t degree, const HeldOutOptions& options);

// Marks the held-out edges of users [first_user, first_user + indptr.size() - 1): indptr holds
// their CSR offsets (absolute or relative, only differences matter); out has one byte per edge of
// the range, set to 1 for held-out edges and 0 otherwise.
void mark_heldout(std::span<const std::int64_t> indptr, std::int64_t first_user,
                  const HeldOutOptions& options, std::span<std::uint8_t> out);

}  // namespace zipp::graph
