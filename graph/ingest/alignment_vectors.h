// The users' visual-behaviour vectors v_u (docs method §1, formats.md `/users/alignment`): from
// a file of named vectors (L2-normalized here), or the L2-normalized mean of the builtin text
// embeddings of a user's image-post titles. Users without a vector are simply absent; a zero
// vector cannot be normalized and is dropped and counted.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "graph/bipartite_graph.h"
#include "graph/ingest/named_matrix.h"
#include "graph/text_embedder.h"

namespace zipp::graph {

struct AlignmentReport {
  std::string source;                  // the file, "image-post titles" or "" for none
  std::int64_t users = 0;              // users given a vector
  std::int64_t unmatched_rows = 0;     // file rows naming no user of the graph
  std::int64_t zero_vectors = 0;       // rows (or title means) that were zero and were dropped
  std::int64_t titles = 0;             // titles embedded
  std::int64_t titles_over_limit = 0;  // titles past max_titles_per_user, not used
};

// An HDF5 file with `names` (user names, string [M]) and `vectors` (float32/float64 [M, Da]);
// rows are L2-normalized as they are loaded (zero rows stay zero: matching drops them).
NamedMatrix read_alignment_file(const std::string& path);

// Vectors for the users in `user_names` (graph ids = positions) that the matrix names.
std::optional<Alignment> alignment_from_matrix(const NamedMatrix& matrix,
                                               std::span<const std::string> user_names,
                                               AlignmentReport* report);

// titles[i] = (graph user id, that user's image-post titles); ids strictly increasing. The first
// max_titles_per_user titles of each user are embedded.
std::optional<Alignment> alignment_from_titles(
    std::span<const std::pair<std::int64_t, const std::vector<std::string>*>> titles,
    const TextEmbedder& embedder, std::int64_t max_titles_per_user, AlignmentReport* report);

}  // namespace zipp::graph
