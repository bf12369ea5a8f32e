#include "graph/graph_writer.h"

#include "core/check.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/tensor_vector.h"

namespace zipp::graph {
namespace {

namespace h5 = core::h5;

void check_size(std::size_t size, std::int64_t expected, const char* what) {
  ZIPP_CHECK_T(core::InputError, static_cast<std::int64_t>(size) == expected,
               "graph to write: ", what, " has ", size, " entries, expected ", expected);
}

void check_sizes(const BipartiteGraph& g) {
  const std::int64_t u = g.num_users;
  const std::int64_t s = g.num_subreddits;
  const std::int64_t e = g.num_edges();
  check_size(g.user_names.size(), u, "users/names");
  check_size(g.subreddit_names.size(), s, "subreddits/names");
  check_size(g.subreddit_descriptions.size(), s, "subreddits/descriptions");
  ZIPP_CHECK_T(core::InputError,
               g.subreddit_features.defined() && g.subreddit_features.dim() == 2 &&
                   g.subreddit_features.size(0) == s &&
                   g.subreddit_features.scalar_type() == at::kFloat,
               "graph to write: subreddits/features must be float32 [S=", s, ", D]");
  check_size(g.csr.indptr.size(), u + 1, "csr/indptr");
  check_size(g.csr.posts.size(), e, "csr/posts");
  check_size(g.csr.comments.size(), e, "csr/comments");
  check_size(g.csr.features.size(), e * kEdgeFeatureDim, "csr/features");
  check_size(g.csc.indptr.size(), s + 1, "csc/indptr");
  check_size(g.csc.indices.size(), e, "csc/indices");
  check_size(g.csc.edge_ids.size(), e, "csc/edge_ids");
  if (g.alignment) {
    const Alignment& a = *g.alignment;
    ZIPP_CHECK_T(core::InputError,
                 a.vectors.defined() && a.vectors.dim() == 2 &&
                     a.vectors.size(0) == static_cast<std::int64_t>(a.user_ids.size()) &&
                     a.vectors.scalar_type() == at::kFloat,
                 "graph to write: users/alignment/vectors must be float32 [M=", a.user_ids.size(),
                 ", Da]");
  }
  if (g.split) check_size(g.split->heldout.size(), e, "split/heldout");
}

void write_alignment(const h5::File& file, const Alignment& a, std::int64_t num_users) {
  h5::Group group = h5::create_group(file, "users/alignment");
  h5::write_tensor(group, "user_ids", core::tensor_view(a.user_ids, at::kLong));
  h5::write_tensor(group, "vectors", a.vectors.contiguous());
  std::vector<std::uint8_t> mask(num_users, 0);
  for (std::int64_t id : a.user_ids) {
    ZIPP_CHECK_T(core::InputError, id >= 0 && id < num_users, "graph to write: alignment user id ",
                 id, " outside [0, ", num_users, ")");
    mask[id] = 1;
  }
  h5::write_tensor(group, "mask", core::tensor_view(mask, at::kByte));
}

}  // namespace

void write_graph(const BipartiteGraph& g, const std::filesystem::path& path) {
  check_sizes(g);
  h5::File file = h5::File::create_atomic(path);
  h5::set_attribute(file, "format_version", kGraphFormatVersion);
  h5::set_attribute(file, "num_users", g.num_users);
  h5::set_attribute(file, "num_subreddits", g.num_subreddits);
  h5::set_attribute(file, "num_edges", g.num_edges());
  h5::set_attribute(file, "source", g.source);
  {
    h5::Group users = h5::create_group(file, "users");
    h5::write_strings(users, "names", g.user_names);
    h5::Group subreddits = h5::create_group(file, "subreddits");
    h5::write_strings(subreddits, "names", g.subreddit_names);
    h5::write_strings(subreddits, "descriptions", g.subreddit_descriptions);
    h5::write_tensor(subreddits, "features", g.subreddit_features.contiguous());

    const std::int64_t e = g.num_edges();
    h5::Group csr = h5::create_group(file, "csr");
    h5::write_tensor(csr, "indptr", core::tensor_view(g.csr.indptr, at::kLong));
    h5::write_tensor(csr, "indices", core::tensor_view(g.csr.indices, at::kInt));
    h5::write_tensor(csr, "posts", core::tensor_view(g.csr.posts, at::kInt));
    h5::write_tensor(csr, "comments", core::tensor_view(g.csr.comments, at::kInt));
    h5::write_tensor(csr, "features",
                     core::tensor_view(g.csr.features, at::kFloat, {e, kEdgeFeatureDim}));
    h5::Group csc = h5::create_group(file, "csc");
    h5::write_tensor(csc, "indptr", core::tensor_view(g.csc.indptr, at::kLong));
    h5::write_tensor(csc, "indices", core::tensor_view(g.csc.indices, at::kInt));
    h5::write_tensor(csc, "edge_ids", core::tensor_view(g.csc.edge_ids, at::kLong));
    if (g.alignment) write_alignment(file, *g.alignment, g.num_users);
    if (g.split) {
      h5::Group split = h5::create_group(file, "split");
      h5::write_tensor(split, "heldout", core::tensor_view(g.split->heldout, at::kByte));
      h5::set_attribute(split, "seed", g.split->seed);
    }
  }
  file.commit();
}

}  // namespace zipp::graph
