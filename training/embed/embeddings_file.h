// embeddings.h5 (docs/formats.md "Embeddings"), what `zipp embed` writes: each rank streams its
// users into a part file of its own (EmbeddingsPartWriter, atomic), then rank 0 concatenates the
// parts in rank order into the final file (merge_embedding_parts, atomic, a chunk at a time) and
// removes them. The readers serve tests and the later stages (personas).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/io/h5_appender.h"
#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "training/embed/embedded_users.h"

namespace zipp::training {

inline constexpr std::int64_t kEmbeddingsFormatVersion = 1;

struct EmbeddingsMeta {
  std::int64_t format_version = kEmbeddingsFormatVersion;
  std::string checkpoint;  // the checkpoint directory the model came from
  std::int64_t global_step = 0;
  std::string aggregator;  // model.aggregator of that checkpoint
  std::int64_t top_k = 0;
  std::string source;  // "graph", or the edge list of new users
  // From the datasets' shapes (ignored when writing).
  std::int64_t num_users = 0;
  std::int64_t hidden = 0;
  std::int64_t num_subreddits = 0;
};

// Users [begin, end) of a file, in file order.
struct EmbeddingRows {
  std::vector<std::int64_t> ids;  // global user id; -1 for a new user
  std::vector<std::string> names;
  at::Tensor embeddings;      // [n, H] float32
  at::Tensor top_subreddits;  // [n, k] int64, -1 padded
  at::Tensor top_weights;     // [n, k] float32, 0 padded
  std::vector<std::int64_t> degree;
};

// `<output>.part-<rank, 5 digits>`: where rank `rank` writes its users before the merge.
std::filesystem::path embeddings_part_path(const std::filesystem::path& output, std::int64_t rank);

// One rank's users, appended a batch at a time; published under `path` by commit() only (a
// writer destroyed before leaves nothing).
class EmbeddingsPartWriter {
 public:
  EmbeddingsPartWriter(const std::filesystem::path& path, std::int64_t hidden, std::int64_t top_k);

  // ids and names: one per row of `users`. InputError when sizes or shapes disagree.
  void append(std::span<const std::int64_t> ids, std::span<const std::string> names,
              const EmbeddedUsers& users);
  std::int64_t rows() const { return ids_.rows(); }
  void commit();

 private:
  core::h5::File file_;
  std::int64_t hidden_;
  std::int64_t top_k_;
  core::h5::RowAppender ids_;
  core::h5::StringAppender names_;
  core::h5::RowAppender embedding_;
  core::h5::RowAppender top_subreddits_;
  core::h5::RowAppender top_weights_;
  core::h5::RowAppender degree_;
};

// Writes `output` atomically: meta's attributes, /subreddits/embedding, and the users of every
// part in the order given, copied `chunk_rows` at a time. Parts must agree with meta.top_k and
// the subreddit embeddings' width (InputError naming the part). Removes the parts after the
// commit. Returns the number of users written.
std::int64_t merge_embedding_parts(std::span<const std::filesystem::path> parts,
                                   const std::filesystem::path& output, const EmbeddingsMeta& meta,
                                   const at::Tensor& subreddit_embeddings,
                                   std::int64_t chunk_rows = 65536);

// Checks format_version and the datasets' shapes; Hdf5Error / InputError naming the file.
EmbeddingsMeta read_embeddings_meta(const std::filesystem::path& path);
EmbeddingRows read_embeddings(const std::filesystem::path& path, std::int64_t begin,
                              std::int64_t end);
at::Tensor read_subreddit_embeddings(const std::filesystem::path& path);  // [S, H] float32

}  // namespace zipp::training
