#include "partition/partition_book.h"

#include <cstring>

#include <ATen/ops/from_blob.h>

#include "core/check.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_tensor.h"

namespace zipp::partition {
namespace {

namespace h5 = core::h5;
using h5::Dim;

template <typename T>
at::Tensor borrow(const std::vector<T>& values, c10::ScalarType dtype) {
  return at::from_blob(const_cast<T*>(values.data()), {static_cast<std::int64_t>(values.size())},
                       at::TensorOptions().dtype(dtype));
}

template <typename T>
std::vector<T> read_vector(const h5::Object& loc, std::string_view name, c10::ScalarType dtype,
                           std::int64_t size) {
  const at::Tensor t =
      h5::read_tensor(loc, name, dtype, {Dim(std::string(name), size)}).contiguous();
  std::vector<T> values(t.numel());
  if (!values.empty()) std::memcpy(values.data(), t.data_ptr(), values.size() * sizeof(T));
  return values;
}

std::vector<std::int64_t> column(const std::vector<PartQuality>& parts,
                                 std::int64_t PartQuality::*field) {
  std::vector<std::int64_t> values;
  for (const auto& part : parts) values.push_back(part.*field);
  return values;
}

}  // namespace

std::filesystem::path book_path(const std::filesystem::path& dir) { return dir / "book.h5"; }

Partition PartitionBook::partition() const {
  Partition p;
  p.num_parts = info.num_parts;
  p.method = parse_method(info.method);
  p.seed = info.seed;
  p.user_part = user_part;
  p.subreddit_part = subreddit_part;
  return p;
}

void write_partition_book(const std::filesystem::path& path, const Partition& partition,
                          const PartitionQuality& quality, const BookInfo& info) {
  ZIPP_ASSERT(
      static_cast<std::int64_t>(partition.user_part.size()) == info.num_users &&
          static_cast<std::int64_t>(partition.subreddit_part.size()) == info.num_subreddits &&
          partition.num_parts == info.num_parts &&
          static_cast<std::int64_t>(quality.parts.size()) == info.num_parts,
      "partition book sizes disagree with the partition");
  h5::File file = h5::File::create_atomic(path);
  h5::set_attribute(file, "format_version", kBookFormatVersion);
  h5::set_attribute(file, "num_parts", info.num_parts);
  h5::set_attribute(file, "num_users", info.num_users);
  h5::set_attribute(file, "num_subreddits", info.num_subreddits);
  h5::set_attribute(file, "num_edges", info.num_edges);
  h5::set_attribute(file, "method", info.method);
  h5::set_attribute(file, "seed", static_cast<std::int64_t>(info.seed));
  h5::set_attribute(file, "tolerance", info.tolerance);
  h5::set_attribute(file, "graph", info.graph);
  h5::set_attribute(file, "token", info.token);
  h5::set_attribute(file, "edge_cut", info.edge_cut);
  h5::write_tensor(file, "/users/part", borrow(partition.user_part, at::kInt));
  h5::write_tensor(file, "/users/local",
                   borrow(local_ids(partition.user_part, info.num_parts), at::kLong));
  h5::write_tensor(file, "/subreddits/part", borrow(partition.subreddit_part, at::kInt));
  h5::write_tensor(file, "/subreddits/local",
                   borrow(local_ids(partition.subreddit_part, info.num_parts), at::kLong));
  h5::write_tensor(file, "/parts/users",
                   borrow(column(quality.parts, &PartQuality::users), at::kLong));
  h5::write_tensor(file, "/parts/edges",
                   borrow(column(quality.parts, &PartQuality::edges), at::kLong));
  h5::write_tensor(file, "/parts/cut_edges",
                   borrow(column(quality.parts, &PartQuality::cut_edges), at::kLong));
  h5::write_tensor(file, "/parts/owned_subreddits",
                   borrow(column(quality.parts, &PartQuality::owned_subreddits), at::kLong));
  h5::write_tensor(file, "/parts/halo_subreddits",
                   borrow(column(quality.parts, &PartQuality::halo_subreddits), at::kLong));
  file.commit();
}

BookInfo read_book_info(const std::filesystem::path& path) {
  const h5::File file = h5::File::open(path, h5::Access::kRead);
  BookInfo info;
  info.format_version = h5::attribute_int64(file, "format_version");
  ZIPP_CHECK_T(core::InputError, info.format_version == kBookFormatVersion, path.string(),
               ": partition book format_version ", info.format_version,
               " is not supported (this zipp reads ", kBookFormatVersion, ")");
  info.num_parts = h5::attribute_int64(file, "num_parts");
  info.num_users = h5::attribute_int64(file, "num_users");
  info.num_subreddits = h5::attribute_int64(file, "num_subreddits");
  info.num_edges = h5::attribute_int64(file, "num_edges");
  info.method = h5::attribute_string(file, "method");
  info.seed = static_cast<std::uint64_t>(h5::attribute_int64(file, "seed"));
  info.tolerance = h5::attribute_double(file, "tolerance");
  info.graph = h5::attribute_string(file, "graph");
  info.token = h5::attribute_int64(file, "token");
  info.edge_cut = h5::attribute_double(file, "edge_cut");
  ZIPP_CHECK_T(
      core::InputError,
      info.num_parts >= 1 && info.num_users >= 0 && info.num_subreddits >= 0 && info.num_edges >= 0,
      path.string(), ": partition book counts are out of range (num_parts ", info.num_parts,
      ", num_users ", info.num_users, ")");
  return info;
}

PartitionBook read_partition_book(const std::filesystem::path& path) {
  PartitionBook book;
  book.info = read_book_info(path);
  const h5::File file = h5::File::open(path, h5::Access::kRead);
  const auto& info = book.info;
  book.user_part = read_vector<std::int32_t>(file, "/users/part", at::kInt, info.num_users);
  book.user_local = read_vector<std::int64_t>(file, "/users/local", at::kLong, info.num_users);
  book.subreddit_part =
      read_vector<std::int32_t>(file, "/subreddits/part", at::kInt, info.num_subreddits);
  book.subreddit_local =
      read_vector<std::int64_t>(file, "/subreddits/local", at::kLong, info.num_subreddits);
  const auto users = read_vector<std::int64_t>(file, "/parts/users", at::kLong, info.num_parts);
  const auto edges = read_vector<std::int64_t>(file, "/parts/edges", at::kLong, info.num_parts);
  const auto cut = read_vector<std::int64_t>(file, "/parts/cut_edges", at::kLong, info.num_parts);
  const auto owned =
      read_vector<std::int64_t>(file, "/parts/owned_subreddits", at::kLong, info.num_parts);
  const auto halo =
      read_vector<std::int64_t>(file, "/parts/halo_subreddits", at::kLong, info.num_parts);
  for (std::int64_t p = 0; p < info.num_parts; ++p) {
    book.parts.push_back({users[p], edges[p], cut[p], owned[p], halo[p]});
  }
  for (const auto* parts : {&book.user_part, &book.subreddit_part}) {
    for (std::size_t v = 0; v < parts->size(); ++v) {
      ZIPP_CHECK_T(core::InputError, (*parts)[v] >= 0 && (*parts)[v] < info.num_parts,
                   path.string(), ": vertex ", v, " is assigned to part ", (*parts)[v],
                   ", outside [0, ", info.num_parts, ")");
    }
  }
  return book;
}

}  // namespace zipp::partition
