// The one assembly step every ingest source goes through (docs/ingest.md "Assembly"): an
// EdgeTable becomes a BipartiteGraph ready for graph.h5. In order: users named in drop_users go;
// users with fewer than min_user_interactions interactions (posts + comments over all their
// subreddits) go, then subreddits with fewer than min_subreddit_interactions from the remaining
// users; users and subreddits left without edges go (each step counted). Ids follow name order
// (byte-wise), so the graph does not depend on the order of the input. Then the CSR/CSC with edge
// features, descriptions from the metadata (empty when unknown), subreddit features (rows of a
// feature file matched by name, zero rows for the rest; or the builtin text embedder over the
// descriptions), alignment vectors (a file of named vectors, or the mean of a user's embedded
// image-post titles) and the held-out split.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/bipartite_graph.h"
#include "graph/heldout_split.h"
#include "graph/ingest/alignment_vectors.h"
#include "graph/ingest/edge_table.h"
#include "graph/ingest/named_matrix.h"
#include "graph/ingest/subreddit_metadata.h"
#include "graph/text_embedder.h"

namespace zipp::graph {

struct AssembleOptions {
  std::string source;  // the graph's `source` attribute
  // Names that are not people ("[deleted]", bots), matched ignoring ASCII case as Reddit names
  // are (graph/ingest/author_filter.h).
  std::vector<std::string> drop_users;
  // 1 keeps every user and subreddit with an edge; a source that applied its own minimums
  // (Pushshift ingest) passes 1 so they are not applied twice.
  std::int64_t min_user_interactions = 1;
  std::int64_t min_subreddit_interactions = 1;
  std::optional<SubredditMetadata> metadata;
  std::optional<NamedMatrix> features;  // none: builtin text embedder over the descriptions
  TextEmbedderOptions embedder;
  std::optional<NamedMatrix> alignment;  // none: from the table's image-post titles, if any
  std::int64_t max_titles_per_user = 75;
  std::optional<HeldOutOptions> heldout;  // none: no /split
};

struct AssembleReport {
  std::int64_t users_in = 0;
  std::int64_t subreddits_in = 0;
  std::int64_t interactions_in = 0;  // records of the table (a pair may repeat)
  std::int64_t users_dropped_by_name = 0;
  std::int64_t users_without_edges = 0;  // had no interaction in the source
  std::int64_t users_below_min = 0;
  std::int64_t subreddits_without_edges = 0;  // no interaction from a kept user
  std::int64_t subreddits_below_min = 0;
  std::int64_t users_left_without_edges = 0;  // lost every edge to the subreddit minimum
  std::int64_t users = 0;
  std::int64_t subreddits = 0;
  std::int64_t edges = 0;
  std::int64_t posts = 0;
  std::int64_t comments = 0;
  std::int64_t descriptions = 0;        // subreddits with a non-empty description
  std::int64_t metadata_unmatched = 0;  // metadata entries naming no subreddit of the graph
  std::string feature_source;           // the file, or "builtin text embedder"
  std::int64_t feature_dim = 0;
  std::int64_t feature_zero_rows = 0;    // no file row / no description
  std::int64_t feature_rows_unused = 0;  // file rows naming no subreddit of the graph
  AlignmentReport alignment;
  std::int64_t heldout_edges = 0;

  // Several lines for the log: counts in, each filter's drops, counts out.
  std::string summary() const;
};

// InputError for ids outside the table's name lists, negative counts, repeated names, or a
// pair whose counts overflow int32.
BipartiteGraph assemble_graph(EdgeTable table, AssembleOptions options,
                              AssembleReport* report = nullptr);

}  // namespace zipp::graph
