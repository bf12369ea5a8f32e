#include "partition/shard_writer.h"

#include <algorithm>
#include <memory>
#include <optional>

#include <ATen/ops/from_blob.h>
#include <ATen/ops/index_select.h>

#include "core/check.h"
#include "core/io/h5_appender.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/progress.h"
#include "partition/shard.h"
#include "partition/user_chunks.h"

namespace zipp::partition {
namespace {

namespace h5 = core::h5;

template <typename T>
at::Tensor borrow(const std::vector<T>& values, c10::ScalarType dtype, std::int64_t columns = 0) {
  const auto n = static_cast<std::int64_t>(values.size());
  std::vector<std::int64_t> shape =
      columns > 0 ? std::vector<std::int64_t>{n / columns, columns} : std::vector<std::int64_t>{n};
  return at::from_blob(const_cast<T*>(values.data()), shape, at::TensorOptions().dtype(dtype));
}

// One block's rows for one part, appended and cleared after every block.
struct Block {
  std::vector<std::int64_t> user_ids;
  std::vector<std::string> names;
  std::vector<std::int64_t> indptr;  // end offsets of the block's rows within the shard
  std::vector<std::int32_t> indices;
  std::vector<std::int32_t> posts;
  std::vector<std::int32_t> comments;
  std::vector<float> features;
  std::vector<std::uint8_t> heldout;
  std::vector<std::int64_t> aligned_local;
  std::vector<std::int64_t> aligned_rows;  // rows of the block's alignment vectors

  void clear() {
    for (auto* v : {&user_ids, &indptr, &aligned_local, &aligned_rows}) v->clear();
    for (auto* v : {&indices, &posts, &comments}) v->clear();
    names.clear();
    features.clear();
    heldout.clear();
  }
};

class PartWriter {
 public:
  PartWriter(const std::filesystem::path& path, const graph::GraphMeta& meta)
      : file_(h5::File::create_atomic(path)),
        user_ids_(file_, "/users/global_ids", at::kLong, {}),
        names_(file_, "/users/names"),
        indptr_(file_, "/csr/indptr", at::kLong, {}),
        indices_(file_, "/csr/indices", at::kInt, {}),
        posts_(file_, "/csr/posts", at::kInt, {}),
        comments_(file_, "/csr/comments", at::kInt, {}),
        features_(file_, "/csr/features", at::kFloat, {graph::kEdgeFeatureDim}) {
    const std::int64_t zero = 0;
    indptr_.append(
        at::from_blob(const_cast<std::int64_t*>(&zero), {1}, at::TensorOptions().dtype(at::kLong)));
    if (meta.has_split)
      heldout_.emplace(file_, "/split/heldout", at::kByte, std::vector<std::int64_t>{});
    if (meta.num_aligned > 0 || meta.alignment_dim > 0) {
      aligned_ids_.emplace(file_, "/users/alignment/local_ids", at::kLong,
                           std::vector<std::int64_t>{});
      aligned_vectors_.emplace(file_, "/users/alignment/vectors", at::kFloat,
                               std::vector<std::int64_t>{meta.alignment_dim});
    }
  }

  h5::File& file() { return file_; }
  Block& block() { return block_; }
  std::int64_t users() const { return users_; }
  std::int64_t edges() const { return edges_; }

  // Called per user, in increasing global id.
  void add_user(std::int64_t global, const UserChunk& chunk) {
    const std::int64_t lo = chunk.indptr[global - chunk.begin] - chunk.edge_begin();
    const std::int64_t hi = chunk.indptr[global - chunk.begin + 1] - chunk.edge_begin();
    block_.user_ids.push_back(global);
    block_.posts.insert(block_.posts.end(), chunk.posts.begin() + lo, chunk.posts.begin() + hi);
    block_.comments.insert(block_.comments.end(), chunk.comments.begin() + lo,
                           chunk.comments.begin() + hi);
    block_.features.insert(block_.features.end(), chunk.features.begin() + 2 * lo,
                           chunk.features.begin() + 2 * hi);
    if (heldout_) {
      block_.heldout.insert(block_.heldout.end(), chunk.heldout.begin() + lo,
                            chunk.heldout.begin() + hi);
    }
    edges_ += hi - lo;
    block_.indptr.push_back(edges_);
    ++users_;
  }

  void flush(const at::Tensor& alignment_vectors) {
    user_ids_.append(borrow(block_.user_ids, at::kLong));
    names_.append(block_.names);
    indptr_.append(borrow(block_.indptr, at::kLong));
    indices_.append(borrow(block_.indices, at::kInt));
    posts_.append(borrow(block_.posts, at::kInt));
    comments_.append(borrow(block_.comments, at::kInt));
    features_.append(borrow(block_.features, at::kFloat, graph::kEdgeFeatureDim));
    if (heldout_) heldout_->append(borrow(block_.heldout, at::kByte));
    if (aligned_ids_ && !block_.aligned_local.empty()) {
      aligned_ids_->append(borrow(block_.aligned_local, at::kLong));
      aligned_vectors_->append(
          at::index_select(alignment_vectors, 0, borrow(block_.aligned_rows, at::kLong)));
    }
    block_.clear();
  }

  void close_rows() {
    user_ids_.close();
    names_.close();
    indptr_.close();
    indices_.close();
    posts_.close();
    comments_.close();
    features_.close();
    if (heldout_) heldout_->close();
    if (aligned_ids_) {
      aligned_ids_->close();
      aligned_vectors_->close();
    }
  }

 private:
  h5::File file_;
  h5::RowAppender user_ids_;
  h5::StringAppender names_;
  h5::RowAppender indptr_;
  h5::RowAppender indices_;
  h5::RowAppender posts_;
  h5::RowAppender comments_;
  h5::RowAppender features_;
  std::optional<h5::RowAppender> heldout_;
  std::optional<h5::RowAppender> aligned_ids_;
  std::optional<h5::RowAppender> aligned_vectors_;
  Block block_;
  std::int64_t users_ = 0;
  std::int64_t edges_ = 0;
};

// Local subreddit ids of part p: owned subreddits first, then its halo, each increasing.
std::vector<std::int64_t> part_subreddits(const Partition& partition,
                                          const std::vector<std::int32_t>& halo, std::int32_t p) {
  std::vector<std::int64_t> ids;
  for (std::size_t s = 0; s < partition.subreddit_part.size(); ++s) {
    if (partition.subreddit_part[s] == p) ids.push_back(static_cast<std::int64_t>(s));
  }
  ids.insert(ids.end(), halo.begin(), halo.end());
  return ids;
}

}  // namespace

void write_shards(const graph::GraphReader& reader, const Partition& partition,
                  const std::vector<std::vector<std::int32_t>>& halo,
                  const std::filesystem::path& dir, std::int64_t token, std::int64_t chunk_users) {
  const auto& meta = reader.meta();
  const std::int64_t parts = partition.num_parts;
  ZIPP_ASSERT(static_cast<std::int64_t>(halo.size()) == parts, "one halo list per part");
  std::filesystem::create_directories(dir);
  const std::vector<std::int64_t> subreddit_local = local_ids(partition.subreddit_part, parts);

  // Subreddit side of every shard, and the global -> local maps the CSR rows need.
  std::vector<std::vector<std::int32_t>> local_of(parts);
  std::vector<std::unique_ptr<PartWriter>> writers;
  const at::Tensor features = reader.subreddit_features().contiguous();
  std::vector<std::int64_t> owned_counts(parts, 0);
  for (std::int32_t p = 0; p < parts; ++p) {
    writers.push_back(std::make_unique<PartWriter>(shard_path(dir, p), meta));
    const std::vector<std::int64_t> ids = part_subreddits(partition, halo[p], p);
    local_of[p].assign(meta.num_subreddits, -1);
    std::vector<std::int32_t> owner(ids.size());
    std::vector<std::int64_t> owner_local(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      local_of[p][ids[i]] = static_cast<std::int32_t>(i);
      owner[i] = partition.subreddit_part[ids[i]];
      owner_local[i] = subreddit_local[ids[i]];
    }
    owned_counts[p] = static_cast<std::int64_t>(ids.size() - halo[p].size());
    h5::File& file = writers[p]->file();
    h5::write_tensor(file, "/subreddits/global_ids", borrow(ids, at::kLong));
    h5::write_tensor(file, "/subreddits/owner", borrow(owner, at::kInt));
    h5::write_tensor(file, "/subreddits/owner_local", borrow(owner_local, at::kLong));
    const std::vector<std::int64_t> owned(ids.begin(), ids.begin() + owned_counts[p]);
    h5::write_tensor(file, "/subreddits/features",
                     at::index_select(features, 0, borrow(owned, at::kLong)));
  }

  std::vector<std::int64_t> aligned_users;
  if (meta.num_aligned > 0) {
    const at::Tensor ids = h5::read_tensor(reader.file(), "/users/alignment/user_ids").contiguous();
    aligned_users.assign(ids.data_ptr<std::int64_t>(), ids.data_ptr<std::int64_t>() + ids.numel());
  }

  core::Progress progress("partition: shards", meta.num_edges, {.unit = "edges"});
  for_each_user_chunk(reader, chunk_users, ChunkData::kEverything, [&](const UserChunk& chunk) {
    const std::vector<std::string> names = reader.user_names(chunk.begin, chunk.end);
    for (std::int64_t u = chunk.begin; u < chunk.end; ++u) {
      const std::int32_t p = partition.user_part[u];
      PartWriter& writer = *writers[p];
      const std::int64_t local_user = writer.users();
      writer.add_user(u, chunk);
      Block& block = writer.block();
      block.names.push_back(names[u - chunk.begin]);
      for (const std::int32_t s : chunk.row(u)) block.indices.push_back(local_of[p][s]);
      const auto it = std::lower_bound(aligned_users.begin(), aligned_users.end(), u);
      if (it != aligned_users.end() && *it == u) {
        block.aligned_local.push_back(local_user);
        block.aligned_rows.push_back(it - aligned_users.begin());
      }
    }
    // The block's alignment vectors, read once as one row range and indexed per part.
    at::Tensor vectors;
    std::int64_t first_row = 0;
    if (!aligned_users.empty()) {
      first_row = std::lower_bound(aligned_users.begin(), aligned_users.end(), chunk.begin) -
                  aligned_users.begin();
      const std::int64_t last_row =
          std::lower_bound(aligned_users.begin(), aligned_users.end(), chunk.end) -
          aligned_users.begin();
      vectors = h5::read_rows(reader.file(), "/users/alignment/vectors", first_row, last_row);
    }
    for (auto& writer : writers) {
      for (auto& row : writer->block().aligned_rows) row -= first_row;
      writer->flush(vectors);
    }
    progress.advance(chunk.num_edges());
  });
  progress.finish();

  std::int64_t split_seed = 0;
  if (meta.has_split)
    split_seed = h5::attribute_int64(h5::open_group(reader.file(), "/split"), "seed");
  for (std::int32_t p = 0; p < parts; ++p) {
    PartWriter& writer = *writers[p];
    writer.close_rows();
    h5::File& file = writer.file();
    h5::set_attribute(file, "format_version", kShardFormatVersion);
    h5::set_attribute(file, "part", p);
    h5::set_attribute(file, "num_parts", parts);
    h5::set_attribute(file, "token", token);
    h5::set_attribute(file, "global_users", meta.num_users);
    h5::set_attribute(file, "global_subreddits", meta.num_subreddits);
    h5::set_attribute(file, "global_edges", meta.num_edges);
    h5::set_attribute(file, "num_users", writer.users());
    h5::set_attribute(file, "num_edges", writer.edges());
    h5::set_attribute(file, "owned_subreddits", owned_counts[p]);
    h5::set_attribute(file, "halo_subreddits", static_cast<std::int64_t>(halo[p].size()));
    if (meta.has_split) h5::set_attribute(h5::open_group(file, "/split"), "seed", split_seed);
    file.commit();
  }
}

}  // namespace zipp::partition
