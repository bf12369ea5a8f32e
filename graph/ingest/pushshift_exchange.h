// From every rank's LocalAggregate to the final EdgeTable on rank 0 (docs/ingest.md "Ranks"):
//   1. subreddit names are made global: every rank learns the sorted union;
//   2. each user's counts and titles go to the rank that owns hash_text(user) % size, which
//      then holds the user's complete counts and first titles;
//   3. the per-user minimum applies on the owners; subreddit totals over the remaining users are
//      summed over ranks and the per-subreddit minimum applies;
//   4. the remaining users travel to rank 0, which sorts them by name.
// The result depends only on the records read, not on the number of ranks or the split.
#pragma once

#include <cstdint>

#include "core/comm/communicator.h"
#include "graph/ingest/edge_table.h"
#include "graph/ingest/local_aggregate.h"
#include "graph/ingest/pushshift_ingest.h"

namespace zipp::graph {

// Global figures of the minimum filters, the same on every rank.
struct AssemblyStats {
  std::int64_t users_before_min = 0;
  std::int64_t users_dropped_min = 0;
  std::int64_t users_kept = 0;
  std::int64_t subreddits_before_min = 0;
  std::int64_t subreddits_dropped_min = 0;
  std::int64_t subreddits_kept = 0;
  std::int64_t pairs = 0;
  std::int64_t titles_kept = 0;
};

// Collective; consumes `local` (freed once packed). The table on rank 0, empty elsewhere.
// InputError when a pair's summed count does not fit the EdgeTable's 32-bit counts.
EdgeTable assemble_edge_table(const core::comm::Communicator& comm, LocalAggregate&& local,
                              const PushshiftOptions& options, AssemblyStats& stats);

}  // namespace zipp::graph
