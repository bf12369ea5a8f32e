// Whether user embeddings recover the planted tastes of a synthetic world (issue 5 "Quality",
// docs/training.md "Evaluation"): k-means over the users' embeddings in embeddings.h5, with k the
// number of archetypes that are some user's dominant one, scored by NMI against each user's
// dominant archetype from graph.h5's /truth.
#pragma once

#include <cstdint>
#include <filesystem>

namespace zipp::training {

struct ArchetypeRecovery {
  std::int64_t users = 0;  // users clustered
  int clusters = 0;        // k
  double nmi = 0;
};

// Up to `max_users` rows of `embeddings` (evenly spread; rows of graph users only) are
// clustered with kmeans(seed). InputError when `graph` has no /truth (not a synthetic graph) or
// the files do not belong together (a user id outside the graph).
ArchetypeRecovery archetype_recovery(const std::filesystem::path& embeddings,
                                     const std::filesystem::path& graph, std::int64_t max_users,
                                     std::uint64_t seed);

}  // namespace zipp::training
