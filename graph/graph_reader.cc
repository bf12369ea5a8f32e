#include "graph/graph_reader.h"

#include <cstring>

#include "core/check.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/tensor_vector.h"

namespace zipp::graph {
namespace {

namespace h5 = core::h5;
using h5::Dim;

template <typename T>
std::vector<T> read_vector(const h5::Object& loc, std::string_view name, std::int64_t begin,
                           std::int64_t end) {
  return core::tensor_to_vector<T>(h5::read_rows(loc, name, begin, end));
}

std::int64_t count_attribute(const h5::File& file, std::string_view name) {
  const std::int64_t value = h5::attribute_int64(file, name);
  ZIPP_CHECK_T(core::InputError, value >= 0, file.file_name(), ": root attribute ", name, " = ",
               value, " is negative");
  return value;
}

}  // namespace

GraphMeta check_graph_layout(const h5::File& file) {
  GraphMeta m;
  m.format_version = h5::attribute_int64(file, "format_version");
  ZIPP_CHECK_T(core::InputError, m.format_version == kGraphFormatVersion, file.file_name(),
               ": graph.h5 format_version ", m.format_version,
               " is not supported (this zipp reads ", kGraphFormatVersion, ")");
  m.num_users = count_attribute(file, "num_users");
  m.num_subreddits = count_attribute(file, "num_subreddits");
  m.num_edges = count_attribute(file, "num_edges");
  m.source = h5::attribute_string(file, "source");
  const Dim users("U", m.num_users);
  const Dim subreddits("S", m.num_subreddits);
  const Dim edges("E", m.num_edges);
  h5::require_tensor(file, "/csr/indptr", at::kLong, {Dim("U+1", m.num_users + 1)});
  h5::require_tensor(file, "/csr/indices", at::kInt, {edges});
  h5::require_tensor(file, "/csr/posts", at::kInt, {edges});
  h5::require_tensor(file, "/csr/comments", at::kInt, {edges});
  h5::require_tensor(file, "/csr/features", at::kFloat, {edges, kEdgeFeatureDim});
  h5::require_tensor(file, "/csc/indptr", at::kLong, {Dim("S+1", m.num_subreddits + 1)});
  h5::require_tensor(file, "/csc/indices", at::kInt, {edges});
  h5::require_tensor(file, "/csc/edge_ids", at::kLong, {edges});
  m.feature_dim =
      h5::require_tensor(file, "/subreddits/features", at::kFloat, {subreddits, Dim("D")}).shape[1];
  for (const char* name : {"/users/names", "/subreddits/names", "/subreddits/descriptions"}) {
    const h5::DatasetInfo info = h5::dataset_info(file, name);
    const std::int64_t expected =
        name == std::string_view("/users/names") ? m.num_users : m.num_subreddits;
    ZIPP_CHECK_T(core::InputError,
                 info.type_name == "string" && info.shape.size() == 1 && info.shape[0] == expected,
                 file.file_name(), ": ", name, " must be a list of ", expected, " strings, found ",
                 info.type_name, " ", h5::shape_text(info.shape));
  }
  if (h5::exists(file, "/users/alignment")) {
    m.num_aligned =
        h5::require_tensor(file, "/users/alignment/user_ids", at::kLong, {Dim("M")}).shape[0];
    m.alignment_dim = h5::require_tensor(file, "/users/alignment/vectors", at::kFloat,
                                         {Dim("M", m.num_aligned), Dim("Da")})
                          .shape[1];
    h5::require_tensor(file, "/users/alignment/mask", at::kByte, {users});
  }
  m.has_split = h5::exists(file, "/split");
  if (m.has_split) h5::require_tensor(file, "/split/heldout", at::kByte, {edges});
  return m;
}

GraphReader GraphReader::open(const std::filesystem::path& path) {
  h5::File file = h5::File::open(path, h5::Access::kRead);
  GraphMeta meta = check_graph_layout(file);
  return GraphReader(std::move(file), std::move(meta));
}

void GraphReader::check_user_range(std::int64_t begin, std::int64_t end) const {
  ZIPP_CHECK_T(core::InputError, 0 <= begin && begin <= end && end <= meta_.num_users,
               file_.file_name(), ": user range [", begin, ", ", end, ") is not within [0, ",
               meta_.num_users, ")");
}

UserRows GraphReader::read_user_rows(std::int64_t begin, std::int64_t end) const {
  check_user_range(begin, end);
  UserRows rows;
  rows.begin = begin;
  rows.end = end;
  rows.indptr = read_vector<std::int64_t>(file_, "/csr/indptr", begin, end + 1);
  const std::int64_t first = rows.indptr.front();
  const std::int64_t last = rows.indptr.back();
  ZIPP_CHECK_T(core::InputError, 0 <= first && first <= last && last <= meta_.num_edges,
               file_.file_name(), ": /csr/indptr[", begin, "..", end, "] = ", first, "..", last,
               " is not a range within [0, ", meta_.num_edges, "]");
  rows.indices = read_vector<std::int32_t>(file_, "/csr/indices", first, last);
  rows.posts = read_vector<std::int32_t>(file_, "/csr/posts", first, last);
  rows.comments = read_vector<std::int32_t>(file_, "/csr/comments", first, last);
  rows.features = read_vector<float>(file_, "/csr/features", first, last);
  return rows;
}

at::Tensor GraphReader::subreddit_features() const {
  return h5::read_tensor(file_, "/subreddits/features");
}

std::vector<std::string> GraphReader::subreddit_names() const {
  return h5::read_strings(file_, "/subreddits/names");
}

std::vector<std::string> GraphReader::subreddit_descriptions() const {
  return h5::read_strings(file_, "/subreddits/descriptions");
}

std::vector<std::string> GraphReader::user_names(std::int64_t begin, std::int64_t end) const {
  check_user_range(begin, end);
  return h5::read_strings(file_, "/users/names", begin, end);
}

BipartiteGraph GraphReader::read_all() const {
  BipartiteGraph g;
  g.num_users = meta_.num_users;
  g.num_subreddits = meta_.num_subreddits;
  g.source = meta_.source;
  g.user_names = user_names(0, meta_.num_users);
  g.subreddit_names = subreddit_names();
  g.subreddit_descriptions = subreddit_descriptions();
  g.subreddit_features = subreddit_features();
  UserRows rows = read_user_rows(0, meta_.num_users);
  g.csr = Csr{std::move(rows.indptr), std::move(rows.indices), std::move(rows.posts),
              std::move(rows.comments), std::move(rows.features)};
  g.csc.indptr = core::tensor_to_vector<std::int64_t>(h5::read_tensor(file_, "/csc/indptr"));
  g.csc.indices = core::tensor_to_vector<std::int32_t>(h5::read_tensor(file_, "/csc/indices"));
  g.csc.edge_ids = core::tensor_to_vector<std::int64_t>(h5::read_tensor(file_, "/csc/edge_ids"));
  if (h5::exists(file_, "/users/alignment")) {
    g.alignment = Alignment{
        core::tensor_to_vector<std::int64_t>(h5::read_tensor(file_, "/users/alignment/user_ids")),
        h5::read_tensor(file_, "/users/alignment/vectors")};
  }
  if (meta_.has_split) {
    g.split =
        HeldOutSplit{core::tensor_to_vector<std::uint8_t>(h5::read_tensor(file_, "/split/heldout")),
                     h5::attribute_int64(h5::open_group(file_, "/split"), "seed")};
  }
  return g;
}

}  // namespace zipp::graph
