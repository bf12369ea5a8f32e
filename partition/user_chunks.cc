#include "partition/user_chunks.h"

#include <algorithm>

#include "core/check.h"
#include "core/io/h5_object.h"
#include "core/io/h5_tensor.h"

namespace zipp::partition {
namespace {

namespace h5 = core::h5;

template <typename T>
std::span<const T> view(const at::Tensor& tensor) {
  return {static_cast<const T*>(tensor.data_ptr()), static_cast<std::size_t>(tensor.numel())};
}

}  // namespace

void for_each_user_chunk(const graph::GraphReader& reader, std::int64_t chunk_users, ChunkData data,
                         const std::function<void(const UserChunk&)>& visit) {
  ZIPP_ASSERT(chunk_users >= 1, "chunk_users must be positive");
  const auto& file = reader.file();
  const std::int64_t num_users = reader.meta().num_users;
  const h5::Dataset indptr_set = h5::open_dataset(file, "/csr/indptr");
  const h5::Dataset indices_set = h5::open_dataset(file, "/csr/indices");
  h5::Dataset posts_set, comments_set, features_set, heldout_set;
  if (data != ChunkData::kIndices) {
    posts_set = h5::open_dataset(file, "/csr/posts");
    comments_set = h5::open_dataset(file, "/csr/comments");
  }
  const bool with_heldout = data == ChunkData::kEverything && reader.meta().has_split;
  if (data == ChunkData::kEverything) features_set = h5::open_dataset(file, "/csr/features");
  if (with_heldout) heldout_set = h5::open_dataset(file, "/split/heldout");

  for (std::int64_t begin = 0; begin < num_users; begin += chunk_users) {
    const std::int64_t end = std::min(num_users, begin + chunk_users);
    const at::Tensor indptr = h5::read_rows(indptr_set, begin, end + 1).contiguous();
    UserChunk chunk;
    chunk.begin = begin;
    chunk.end = end;
    chunk.indptr = view<std::int64_t>(indptr);
    const std::int64_t first = chunk.indptr.front();
    const std::int64_t last = chunk.indptr.back();
    ZIPP_CHECK_T(core::InputError, 0 <= first && first <= last && last <= reader.meta().num_edges,
                 file.file_name(), ": /csr/indptr[", begin, "..", end, "] = ", first, "..", last,
                 " is not a range within [0, ", reader.meta().num_edges, "]");
    const at::Tensor indices = h5::read_rows(indices_set, first, last).contiguous();
    chunk.indices = view<std::int32_t>(indices);
    at::Tensor posts, comments, features, heldout;
    if (data != ChunkData::kIndices) {
      posts = h5::read_rows(posts_set, first, last).contiguous();
      comments = h5::read_rows(comments_set, first, last).contiguous();
      chunk.posts = view<std::int32_t>(posts);
      chunk.comments = view<std::int32_t>(comments);
    }
    if (data == ChunkData::kEverything) {
      features = h5::read_rows(features_set, first, last).contiguous();
      chunk.features = view<float>(features);
    }
    if (with_heldout) {
      heldout = h5::read_rows(heldout_set, first, last).contiguous();
      chunk.heldout = view<std::uint8_t>(heldout);
    }
    visit(chunk);
  }
}

std::vector<std::int64_t> subreddit_degrees(const graph::GraphReader& reader) {
  const at::Tensor indptr = h5::read_tensor(reader.file(), "/csc/indptr").contiguous();
  const auto values = view<std::int64_t>(indptr);
  std::vector<std::int64_t> degrees(reader.meta().num_subreddits);
  for (std::size_t s = 0; s < degrees.size(); ++s) degrees[s] = values[s + 1] - values[s];
  return degrees;
}

}  // namespace zipp::partition
