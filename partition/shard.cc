#include "partition/shard.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/check.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "partition/partition_book.h"

namespace zipp::partition {
namespace {

namespace h5 = core::h5;
using h5::Dim;

template <typename T>
std::vector<T> read_vector(const h5::Object& loc, std::string_view name, c10::ScalarType dtype,
                           std::vector<Dim> shape) {
  const at::Tensor t = h5::read_tensor(loc, name, dtype, shape).contiguous();
  std::vector<T> values(t.numel());
  if (!values.empty()) std::memcpy(values.data(), t.data_ptr(), values.size() * sizeof(T));
  return values;
}

std::optional<std::int64_t> find_sorted(const std::vector<std::int64_t>& ids, std::int64_t begin,
                                        std::int64_t end, std::int64_t id) {
  const auto first = ids.begin() + begin;
  const auto last = ids.begin() + end;
  const auto it = std::lower_bound(first, last, id);
  if (it == last || *it != id) return std::nullopt;
  return it - ids.begin();
}

}  // namespace

std::optional<std::int64_t> Shard::local_user(std::int64_t global_user) const {
  return find_sorted(user_ids, 0, num_users(), global_user);
}

std::optional<std::int64_t> Shard::local_subreddit(std::int64_t global_subreddit) const {
  if (auto owned = find_sorted(subreddit_ids, 0, owned_subreddits, global_subreddit)) return owned;
  return find_sorted(subreddit_ids, owned_subreddits, num_subreddits(), global_subreddit);
}

std::filesystem::path shard_path(const std::filesystem::path& dir, std::int64_t part) {
  char name[32];
  std::snprintf(name, sizeof name, "part-%05lld.h5", static_cast<long long>(part));
  return dir / name;
}

Shard read_shard(const std::filesystem::path& path) {
  const h5::File file = h5::File::open(path, h5::Access::kRead);
  Shard shard;
  const std::int64_t version = h5::attribute_int64(file, "format_version");
  ZIPP_CHECK_T(core::InputError, version == kShardFormatVersion, path.string(),
               ": shard format_version ", version, " is not supported (this zipp reads ",
               kShardFormatVersion, ")");
  shard.part = h5::attribute_int64(file, "part");
  shard.num_parts = h5::attribute_int64(file, "num_parts");
  shard.token = h5::attribute_int64(file, "token");
  shard.global_users = h5::attribute_int64(file, "global_users");
  shard.global_subreddits = h5::attribute_int64(file, "global_subreddits");
  shard.global_edges = h5::attribute_int64(file, "global_edges");
  const std::int64_t users = h5::attribute_int64(file, "num_users");
  const std::int64_t edges = h5::attribute_int64(file, "num_edges");
  shard.owned_subreddits = h5::attribute_int64(file, "owned_subreddits");
  const std::int64_t halo = h5::attribute_int64(file, "halo_subreddits");
  const Dim u("U", users);
  const Dim e("E", edges);
  const Dim s("S", shard.owned_subreddits + halo);

  shard.user_ids = read_vector<std::int64_t>(file, "/users/global_ids", at::kLong, {u});
  shard.user_names = h5::read_strings(file, "/users/names");
  ZIPP_CHECK_T(core::InputError, static_cast<std::int64_t>(shard.user_names.size()) == users,
               path.string(), ": /users/names has ", shard.user_names.size(), " names for ", users,
               " users");
  shard.csr.indptr =
      read_vector<std::int64_t>(file, "/csr/indptr", at::kLong, {Dim("U+1", users + 1)});
  shard.csr.indices = read_vector<std::int32_t>(file, "/csr/indices", at::kInt, {e});
  shard.csr.posts = read_vector<std::int32_t>(file, "/csr/posts", at::kInt, {e});
  shard.csr.comments = read_vector<std::int32_t>(file, "/csr/comments", at::kInt, {e});
  shard.csr.features = read_vector<float>(file, "/csr/features", at::kFloat, {e, 2});
  if (h5::exists(file, "/split")) {
    shard.split =
        graph::HeldOutSplit{read_vector<std::uint8_t>(file, "/split/heldout", at::kByte, {e}),
                            h5::attribute_int64(h5::open_group(file, "/split"), "seed")};
  }
  if (h5::exists(file, "/users/alignment")) {
    graph::Alignment alignment;
    alignment.user_ids =
        read_vector<std::int64_t>(file, "/users/alignment/local_ids", at::kLong, {Dim("M")});
    alignment.vectors = h5::read_tensor(
        file, "/users/alignment/vectors", at::kFloat,
        {Dim("M", static_cast<std::int64_t>(alignment.user_ids.size())), Dim("Da")});
    shard.alignment = std::move(alignment);
  }
  shard.subreddit_ids = read_vector<std::int64_t>(file, "/subreddits/global_ids", at::kLong, {s});
  shard.subreddit_owner = read_vector<std::int32_t>(file, "/subreddits/owner", at::kInt, {s});
  shard.subreddit_owner_local =
      read_vector<std::int64_t>(file, "/subreddits/owner_local", at::kLong, {s});
  shard.features = h5::read_tensor(file, "/subreddits/features", at::kFloat,
                                   {Dim("owned", shard.owned_subreddits), Dim("D")});

  ZIPP_CHECK_T(core::InputError,
               shard.csr.indptr.front() == 0 && shard.csr.indptr.back() == edges &&
                   std::is_sorted(shard.csr.indptr.begin(), shard.csr.indptr.end()),
               path.string(), ": /csr/indptr must run from 0 to ", edges, " without decreasing");
  const std::int64_t local_subreddits = shard.num_subreddits();
  for (std::int64_t i = 0; i < edges; ++i) {
    ZIPP_CHECK_T(core::InputError,
                 shard.csr.indices[i] >= 0 && shard.csr.indices[i] < local_subreddits,
                 path.string(), ": /csr/indices[", i, "] = ", shard.csr.indices[i],
                 " is not a local subreddit id in [0, ", local_subreddits, ")");
  }
  return shard;
}

Shard open_rank_shard(const std::filesystem::path& dir, std::int64_t part) {
  const BookInfo book = read_book_info(book_path(dir));
  ZIPP_CHECK_T(core::InputError, part >= 0 && part < book.num_parts, book_path(dir).string(),
               ": the partition has ", book.num_parts, " parts, so part ", part,
               " does not exist (run zipp partition with partition.parts equal to the number of "
               "ranks)");
  Shard shard = read_shard(shard_path(dir, part));
  ZIPP_CHECK_T(core::InputError,
               shard.token == book.token && shard.num_parts == book.num_parts && shard.part == part,
               shard_path(dir, part).string(), " does not belong to ", book_path(dir).string(),
               " (shard: part ", shard.part, " of ", shard.num_parts, ", token ", shard.token,
               "; book: ", book.num_parts, " parts, token ", book.token, "): rerun zipp partition");
  return shard;
}

}  // namespace zipp::partition
