// Writes graph.h5 (docs/formats.md "Bipartite graph") from users streamed in blocks, for graphs
// too large to hold whole: the streaming counterpart of graph/graph_writer.h, with the same
// layout and the same atomic create-and-commit. Each block's CSR rows, names and alignment
// vectors are appended as they come, with the held-out split marked per block. finish() makes
// the edge features (e1 needs every subreddit's total N_s, known only at the end) in a second
// pass over the written counts and the CSC with a counting sort by subreddit.
//
// Memory: O(U + S) always; in finish() also the CSC itself (12 bytes per edge: user ids and
// edge ids) and one pass block. The file's /csr and /csc are exactly what build_csr/build_csc
// would give for the same rows. One thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <ATen/core/Tensor.h>

#include "core/io/h5_file.h"
#include "graph/heldout_split.h"

namespace zipp::graph {

struct GraphStreamOptions {
  std::int64_t num_subreddits = 0;
  // Length Da of each alignment vector; 0 writes no /users/alignment group.
  std::int64_t alignment_dim = 0;
  // The held-out split to mark; none writes no /split group.
  std::optional<HeldOutOptions> heldout;
  std::string source;
  // Edges per block of finish()'s second pass.
  std::int64_t pass_edges = std::int64_t{1} << 22;
};

// Consecutive users [first_user, first_user + names.size()): their CSR rows with offsets relative
// to the block (indptr[0] = 0, indptr.size() = users + 1), and the alignment vectors of those of
// them that have one (absolute ids, increasing; vectors row-major [ids.size() * Da]).
struct UserRowsView {
  std::int64_t first_user = 0;
  std::span<const std::string> names;
  std::span<const std::int64_t> indptr;
  std::span<const std::int32_t> indices;
  std::span<const std::int32_t> posts;
  std::span<const std::int32_t> comments;
  std::span<const std::int64_t> aligned_users;
  std::span<const float> alignment;
};

struct GraphStreamSummary {
  std::int64_t num_users = 0;
  std::int64_t num_subreddits = 0;
  std::int64_t num_edges = 0;
  std::int64_t num_aligned = 0;
  std::int64_t num_heldout = 0;
};

class GraphStreamWriter {
 public:
  // Creates `path`'s temporary sibling; nothing appears under `path` before finish().
  GraphStreamWriter(const std::filesystem::path& path, GraphStreamOptions options);
  // Without finish() the temporary file is removed.
  ~GraphStreamWriter();
  GraphStreamWriter(const GraphStreamWriter&) = delete;
  GraphStreamWriter& operator=(const GraphStreamWriter&) = delete;

  // The subreddits' names, descriptions and features (float32 [S, D]); once, before finish().
  void write_subreddits(std::span<const std::string> names,
                        std::span<const std::string> descriptions, const at::Tensor& features);

  // The next users, in order. InputError naming the user and edge for rows the format forbids:
  // a block that does not start where the last ended, unsorted or repeated subreddits, ids out of
  // range, counts that cannot make an edge, alignment rows that do not fit.
  void append_users(const UserRowsView& rows);

  // The file being written, for extra groups (a generator's /truth) added before finish().
  const core::h5::File& file() const;

  std::int64_t num_users() const;
  std::int64_t num_edges() const;

  // Closes the streamed datasets, writes the features, the CSC and the root attributes, and
  // publishes the file under its name.
  GraphStreamSummary finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace zipp::graph
