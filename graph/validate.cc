#include "graph/validate.h"

#include <cmath>

#include "core/check.h"
#include "core/io/h5_tensor.h"
#include "graph/graph_reader.h"

namespace zipp::graph {
namespace {

#define ZIPP_GRAPH_CHECK(cond, ...) ZIPP_CHECK_T(core::InputError, cond, name, ": ", __VA_ARGS__)

void check_indptr(const std::vector<std::int64_t>& indptr, std::int64_t num_edges,
                  const std::string& name, const char* dataset) {
  ZIPP_GRAPH_CHECK(indptr.front() == 0, dataset, "[0] = ", indptr.front(), ", expected 0");
  for (std::size_t i = 0; i + 1 < indptr.size(); ++i) {
    ZIPP_GRAPH_CHECK(indptr[i] <= indptr[i + 1], dataset, " decreases at index ", i + 1, ": ",
                     indptr[i], " then ", indptr[i + 1]);
  }
  ZIPP_GRAPH_CHECK(indptr.back() == num_edges, dataset, "[", indptr.size() - 1,
                   "] = ", indptr.back(), ", expected the number of edges ", num_edges);
}

// Ids in [0, limit) and strictly increasing within each row of indptr.
void check_rows(const std::vector<std::int64_t>& indptr, const std::vector<std::int32_t>& ids,
                std::int64_t limit, const std::string& name, const char* dataset) {
  for (std::size_t row = 0; row + 1 < indptr.size(); ++row) {
    for (std::int64_t e = indptr[row]; e < indptr[row + 1]; ++e) {
      ZIPP_GRAPH_CHECK(ids[e] >= 0 && ids[e] < limit, dataset, "[", e, "] = ", ids[e],
                       " outside [0, ", limit, ")");
      if (e == indptr[row]) continue;
      ZIPP_GRAPH_CHECK(ids[e - 1] != ids[e], dataset, "[", e, "]: duplicate edge (row ", row,
                       ", id ", ids[e], ")");
      ZIPP_GRAPH_CHECK(ids[e - 1] < ids[e], dataset, "[", e, "]: row ", row,
                       " is not sorted: ", ids[e - 1], " then ", ids[e]);
    }
  }
}

void check_counts_and_features(const Csr& csr, const std::string& name) {
  for (std::size_t e = 0; e < csr.posts.size(); ++e) {
    ZIPP_GRAPH_CHECK(csr.posts[e] >= 0 && csr.comments[e] >= 0 &&
                         std::int64_t{csr.posts[e]} + csr.comments[e] >= 1,
                     "/csr/posts, /csr/comments [", e, "] = ", csr.posts[e], ", ", csr.comments[e],
                     ": an edge needs non-negative counts, at least one");
  }
  for (std::size_t i = 0; i < csr.features.size(); ++i) {
    ZIPP_GRAPH_CHECK(std::isfinite(csr.features[i]), "/csr/features[", i / 2, ", ", i % 2,
                     "] = ", csr.features[i], " is not finite");
  }
}

// Every CSC entry points at a CSR edge of the same user and subreddit, and each CSR edge is
// pointed at once.
void check_csc_matches_csr(const Csr& csr, const Csc& csc, const std::string& name) {
  std::vector<std::int64_t> user_of(csr.indices.size());
  for (std::size_t u = 0; u + 1 < csr.indptr.size(); ++u) {
    for (std::int64_t e = csr.indptr[u]; e < csr.indptr[u + 1]; ++e) user_of[e] = u;
  }
  const auto num_edges = static_cast<std::int64_t>(csr.indices.size());
  std::vector<std::uint8_t> seen(csr.indices.size(), 0);
  for (std::size_t s = 0; s + 1 < csc.indptr.size(); ++s) {
    for (std::int64_t k = csc.indptr[s]; k < csc.indptr[s + 1]; ++k) {
      const std::int64_t e = csc.edge_ids[k];
      ZIPP_GRAPH_CHECK(e >= 0 && e < num_edges, "/csc/edge_ids[", k, "] = ", e, " outside [0, ",
                       num_edges, ")");
      ZIPP_GRAPH_CHECK(user_of[e] == csc.indices[k] && csr.indices[e] == std::int64_t(s),
                       "/csc entry ", k, " (user ", csc.indices[k], ", subreddit ", s,
                       ") points at CSR edge ", e, " (user ", user_of[e], ", subreddit ",
                       csr.indices[e], ")");
      ZIPP_GRAPH_CHECK(!seen[e], "/csc/edge_ids[", k, "] = ", e, " repeats a CSR edge");
      seen[e] = 1;
    }
  }
}

void check_optional(const BipartiteGraph& g, const std::string& name) {
  if (g.alignment) {
    const std::vector<std::int64_t>& ids = g.alignment->user_ids;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      ZIPP_GRAPH_CHECK(ids[i] >= 0 && ids[i] < g.num_users, "/users/alignment/user_ids[", i,
                       "] = ", ids[i], " outside [0, ", g.num_users, ")");
      ZIPP_GRAPH_CHECK(i == 0 || ids[i - 1] < ids[i], "/users/alignment/user_ids[", i,
                       "] = ", ids[i], " is not above the previous id ", ids[i - 1]);
    }
    const at::Tensor finite = g.alignment->vectors.isfinite().all();
    ZIPP_GRAPH_CHECK(finite.item<bool>(), "/users/alignment/vectors holds NaN or Inf");
  }
  if (g.split) {
    for (std::size_t e = 0; e < g.split->heldout.size(); ++e) {
      ZIPP_GRAPH_CHECK(g.split->heldout[e] <= 1, "/split/heldout[", e,
                       "] = ", int{g.split->heldout[e]}, ", expected 0 or 1");
    }
  }
  const at::Tensor finite = g.subreddit_features.isfinite().all();
  ZIPP_GRAPH_CHECK(finite.item<bool>(), "/subreddits/features holds NaN or Inf");
}

#undef ZIPP_GRAPH_CHECK

}  // namespace

void validate_graph(const BipartiteGraph& g, const std::string& name) {
  const std::int64_t num_edges = g.num_edges();
  check_indptr(g.csr.indptr, num_edges, name, "/csr/indptr");
  check_indptr(g.csc.indptr, num_edges, name, "/csc/indptr");
  check_rows(g.csr.indptr, g.csr.indices, g.num_subreddits, name, "/csr/indices");
  check_rows(g.csc.indptr, g.csc.indices, g.num_users, name, "/csc/indices");
  check_counts_and_features(g.csr, name);
  check_csc_matches_csr(g.csr, g.csc, name);
  check_optional(g, name);
}

void validate_graph_file(const std::filesystem::path& path) {
  const GraphReader reader = GraphReader::open(path);
  // read_all takes the edge range from indptr, so its end must match the root count first.
  const at::Tensor indptr = core::h5::read_tensor(reader.file(), "/csr/indptr");
  const auto* begin = indptr.data_ptr<std::int64_t>();
  check_indptr({begin, begin + indptr.numel()}, reader.meta().num_edges, path.string(),
               "/csr/indptr");
  const BipartiteGraph graph = reader.read_all();
  validate_graph(graph, path.string());
  // The mask is derived data; it must agree with the id list.
  if (graph.alignment) {
    const at::Tensor mask = core::h5::read_tensor(reader.file(), "/users/alignment/mask");
    std::vector<std::uint8_t> expected(graph.num_users, 0);
    for (std::int64_t id : graph.alignment->user_ids) expected[id] = 1;
    const auto* found = mask.data_ptr<std::uint8_t>();
    for (std::int64_t u = 0; u < graph.num_users; ++u) {
      ZIPP_CHECK_T(core::InputError, found[u] == expected[u], path.string(),
                   ": /users/alignment/mask[", u, "] = ", int{found[u]}, " but user ", u,
                   expected[u] ? " is" : " is not", " in /users/alignment/user_ids");
    }
  }
}

}  // namespace zipp::graph
