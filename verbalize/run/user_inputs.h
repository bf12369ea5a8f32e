// The ranked communities of each user, the raw material of evidence: from embeddings.h5
// (attention order, `zipp embed`'s top-k and weights) or from graph.h5 (posts + comments per
// edge, for when no trained model is at hand), with subreddit names and descriptions attached.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph_reader.h"
#include "training/embed/embeddings_file.h"
#include "verbalize/evidence/evidence.h"

namespace zipp::verbalize {

struct UserInput {
  std::int64_t id = -1;  // global user id; -1 for a user outside the graph
  std::string name;
  std::vector<RankedSubreddit> ranked;  // best first
};

struct SubredditText {
  std::vector<std::string> names;
  std::vector<std::string> descriptions;
};

// At most top_k of each row's subreddits (padding dropped). InputError naming the subreddit id
// when it is outside `text`.
std::vector<UserInput> attention_inputs(const training::EmbeddingRows& rows,
                                        const SubredditText& text, std::int64_t top_k);

// Each user's edges by interactions (posts + comments), weights normalized to sum 1 over the
// user's edges, ties by subreddit id; at most top_k.
std::vector<UserInput> interaction_inputs(const graph::UserRows& rows,
                                          const std::vector<std::string>& user_names,
                                          const SubredditText& text, std::int64_t top_k);

}  // namespace zipp::verbalize
