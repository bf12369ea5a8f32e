#include "graph/graph_stream_writer.h"

#include <limits>
#include <optional>
#include <vector>

#include "core/check.h"
#include "core/io/h5_appender.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/tensor_vector.h"
#include "graph/bipartite_graph.h"
#include "graph/edge_features.h"

namespace zipp::graph {
namespace {

namespace h5 = core::h5;

template <typename T>
std::span<const T> span_of(const at::Tensor& t) {
  return {t.data_ptr<T>(), static_cast<std::size_t>(t.numel())};
}

}  // namespace

struct GraphStreamWriter::State {
  std::filesystem::path path;
  GraphStreamOptions options;
  h5::File file;  // first: the appenders below close before it
  std::optional<h5::StringAppender> names;
  std::optional<h5::RowAppender> indptr;
  std::optional<h5::RowAppender> indices;
  std::optional<h5::RowAppender> posts;
  std::optional<h5::RowAppender> comments;
  std::optional<h5::RowAppender> heldout;
  std::optional<h5::RowAppender> aligned_ids;
  std::optional<h5::RowAppender> aligned_vectors;
  std::optional<h5::RowAppender> aligned_mask;

  std::vector<std::int64_t> offsets{0};        // /csr/indptr so far
  std::vector<std::int64_t> subreddit_totals;  // N_s so far
  std::vector<std::int64_t> subreddit_degrees;
  std::int64_t last_aligned = -1;
  std::int64_t num_aligned = 0;
  std::int64_t num_heldout = 0;
  bool subreddits_written = false;
  bool finished = false;
  std::vector<std::uint8_t> bytes;  // per-block scratch: held-out marks, alignment mask

  std::int64_t users() const { return static_cast<std::int64_t>(offsets.size()) - 1; }
  std::int64_t edges() const { return offsets.back(); }
  const std::string& name() const { return file.file_name(); }

  void check_rows(const UserRowsView& rows) const;
  void check_alignment(const UserRowsView& rows) const;
  void write_features_and_csc();
};

#define ZIPP_STREAM_CHECK(cond, ...) \
  ZIPP_CHECK_T(core::InputError, cond, name(), ": streamed users: ", __VA_ARGS__)

void GraphStreamWriter::State::check_rows(const UserRowsView& r) const {
  const auto count = static_cast<std::int64_t>(r.names.size());
  ZIPP_STREAM_CHECK(r.first_user == users(), "a block starts at user ", r.first_user,
                    ", expected the next user ", users());
  ZIPP_STREAM_CHECK(r.first_user + count <= std::numeric_limits<std::int32_t>::max(),
                    "more than 2^31-1 users (the CSC stores user ids as int32)");
  ZIPP_STREAM_CHECK(static_cast<std::int64_t>(r.indptr.size()) == count + 1 && r.indptr[0] == 0,
                    "the block of ", count, " users has an indptr of ", r.indptr.size(),
                    " entries starting at ", r.indptr.empty() ? -1 : r.indptr[0], ", expected ",
                    count + 1, " starting at 0");
  const auto e = static_cast<std::int64_t>(r.indices.size());
  ZIPP_STREAM_CHECK(r.indptr.back() == e && r.posts.size() == r.indices.size() &&
                        r.comments.size() == r.indices.size(),
                    "the block's indptr ends at ", r.indptr.back(), " but it has ", e, " indices, ",
                    r.posts.size(), " posts and ", r.comments.size(), " comments");
  const std::int64_t s_count = options.num_subreddits;
  for (std::int64_t i = 0; i < count; ++i) {
    const std::int64_t user = r.first_user + i;
    ZIPP_STREAM_CHECK(r.indptr[i] <= r.indptr[i + 1], "indptr decreases at user ", user);
    for (std::int64_t k = r.indptr[i]; k < r.indptr[i + 1]; ++k) {
      const std::int32_t s = r.indices[k];
      ZIPP_STREAM_CHECK(s >= 0 && s < s_count, "user ", user, ": subreddit id ", s, " outside [0, ",
                        s_count, ")");
      ZIPP_STREAM_CHECK(k == r.indptr[i] || r.indices[k - 1] < s, "user ", user,
                        ": subreddits must be strictly increasing, found ", r.indices[k - 1],
                        " then ", s);
      ZIPP_STREAM_CHECK(
          r.posts[k] >= 0 && r.comments[k] >= 0 && std::int64_t{r.posts[k]} + r.comments[k] >= 1,
          "user ", user, ", subreddit ", s, ": posts ", r.posts[k], " and comments ", r.comments[k],
          " cannot make an edge (non-negative, at least one)");
    }
  }
}

void GraphStreamWriter::State::check_alignment(const UserRowsView& r) const {
  const auto count = static_cast<std::int64_t>(r.names.size());
  const std::int64_t da = options.alignment_dim;
  ZIPP_STREAM_CHECK(da > 0 || r.aligned_users.empty(),
                    "alignment vectors given but the writer was opened without alignment_dim");
  ZIPP_STREAM_CHECK(r.alignment.size() == r.aligned_users.size() * static_cast<std::size_t>(da),
                    r.aligned_users.size(), " aligned users need ",
                    r.aligned_users.size() * static_cast<std::size_t>(da), " vector values, found ",
                    r.alignment.size());
  std::int64_t previous = last_aligned;
  for (std::int64_t id : r.aligned_users) {
    ZIPP_STREAM_CHECK(id >= r.first_user && id < r.first_user + count && id > previous,
                      "aligned user ", id, " is not in the block [", r.first_user, ", ",
                      r.first_user + count, ") after user ", previous);
    previous = id;
  }
}

GraphStreamWriter::GraphStreamWriter(const std::filesystem::path& path, GraphStreamOptions options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  ZIPP_CHECK_T(core::InputError,
               options.num_subreddits >= 0 &&
                   options.num_subreddits <= std::numeric_limits<std::int32_t>::max(),
               path.string(), ": the number of subreddits must be in [0, 2^31-1], found ",
               options.num_subreddits);
  ZIPP_CHECK_T(core::InputError, options.alignment_dim >= 0 && options.pass_edges >= 1,
               path.string(), ": alignment_dim must be >= 0 and pass_edges >= 1");
  s.path = path;
  s.options = std::move(options);
  s.subreddit_totals.assign(static_cast<std::size_t>(s.options.num_subreddits), 0);
  s.subreddit_degrees.assign(static_cast<std::size_t>(s.options.num_subreddits), 0);
  s.file = h5::File::create_atomic(path);
  s.names.emplace(s.file, "/users/names");
  s.indptr.emplace(s.file, "/csr/indptr", at::kLong, std::vector<std::int64_t>{});
  s.indices.emplace(s.file, "/csr/indices", at::kInt, std::vector<std::int64_t>{});
  s.posts.emplace(s.file, "/csr/posts", at::kInt, std::vector<std::int64_t>{});
  s.comments.emplace(s.file, "/csr/comments", at::kInt, std::vector<std::int64_t>{});
  s.indptr->append(core::tensor_view(std::span<const std::int64_t>(s.offsets), at::kLong));
  if (s.options.heldout) {
    s.heldout.emplace(s.file, "/split/heldout", at::kByte, std::vector<std::int64_t>{});
  }
  if (s.options.alignment_dim > 0) {
    s.aligned_ids.emplace(s.file, "/users/alignment/user_ids", at::kLong,
                          std::vector<std::int64_t>{});
    s.aligned_vectors.emplace(s.file, "/users/alignment/vectors", at::kFloat,
                              std::vector<std::int64_t>{s.options.alignment_dim});
    s.aligned_mask.emplace(s.file, "/users/alignment/mask", at::kByte, std::vector<std::int64_t>{});
  }
}

GraphStreamWriter::~GraphStreamWriter() = default;

const core::h5::File& GraphStreamWriter::file() const { return state_->file; }
std::int64_t GraphStreamWriter::num_users() const { return state_->users(); }
std::int64_t GraphStreamWriter::num_edges() const { return state_->edges(); }

void GraphStreamWriter::write_subreddits(std::span<const std::string> names,
                                         std::span<const std::string> descriptions,
                                         const at::Tensor& features) {
  State& s = *state_;
  const std::int64_t count = s.options.num_subreddits;
  ZIPP_CHECK_T(core::InputError, !s.subreddits_written, s.name(), ": subreddits written twice");
  ZIPP_CHECK_T(core::InputError,
               static_cast<std::int64_t>(names.size()) == count &&
                   static_cast<std::int64_t>(descriptions.size()) == count && features.defined() &&
                   features.dim() == 2 && features.size(0) == count &&
                   features.scalar_type() == at::kFloat,
               s.name(), ": expected ", count, " subreddit names, descriptions and float32 [",
               count, ", D] features, found ", names.size(), ", ", descriptions.size(), " and ",
               features.defined() ? features.sizes() : at::IntArrayRef{});
  h5::write_strings(s.file, "/subreddits/names", names);
  h5::write_strings(s.file, "/subreddits/descriptions", descriptions);
  h5::write_tensor(s.file, "/subreddits/features", features.contiguous());
  s.subreddits_written = true;
}

void GraphStreamWriter::append_users(const UserRowsView& r) {
  State& s = *state_;
  ZIPP_CHECK_T(core::InputError, !s.finished, s.name(), ": append_users() after finish()");
  s.check_rows(r);
  s.check_alignment(r);
  const auto count = static_cast<std::int64_t>(r.names.size());
  const std::int64_t base = s.edges();
  for (std::size_t k = 0; k < r.indices.size(); ++k) {
    s.subreddit_totals[r.indices[k]] += std::int64_t{r.posts[k]} + r.comments[k];
    ++s.subreddit_degrees[r.indices[k]];
  }
  const std::size_t first_new = s.offsets.size();
  for (std::int64_t i = 1; i <= count; ++i) s.offsets.push_back(base + r.indptr[i]);

  s.names->append(r.names);
  s.indptr->append(
      core::tensor_view(std::span<const std::int64_t>(s.offsets).subspan(first_new), at::kLong));
  s.indices->append(core::tensor_view(r.indices, at::kInt));
  s.posts->append(core::tensor_view(r.posts, at::kInt));
  s.comments->append(core::tensor_view(r.comments, at::kInt));
  if (s.heldout) {
    s.bytes.resize(r.indices.size());
    mark_heldout(r.indptr, r.first_user, *s.options.heldout, s.bytes);
    for (std::uint8_t b : s.bytes) s.num_heldout += b;
    s.heldout->append(core::tensor_view(std::span<const std::uint8_t>(s.bytes), at::kByte));
  }
  if (s.aligned_ids) {
    const auto m = static_cast<std::int64_t>(r.aligned_users.size());
    s.aligned_ids->append(core::tensor_view(r.aligned_users, at::kLong));
    s.aligned_vectors->append(
        core::tensor_view(r.alignment, at::kFloat, {m, s.options.alignment_dim}));
    s.bytes.assign(static_cast<std::size_t>(count), 0);
    for (std::int64_t id : r.aligned_users) s.bytes[id - r.first_user] = 1;
    s.aligned_mask->append(core::tensor_view(std::span<const std::uint8_t>(s.bytes), at::kByte));
    if (m > 0) s.last_aligned = r.aligned_users.back();
    s.num_aligned += m;
  }
}

// One pass over the written CSR, a block of users at a time: each edge's features (its user's
// total N_u is summed from the block, N_s was summed while streaming) and its place in the CSC.
// Users go in increasing order, so user ids come out increasing within each subreddit.
void GraphStreamWriter::State::write_features_and_csc() {
  const std::int64_t e_count = edges();
  const std::int64_t s_count = options.num_subreddits;
  std::vector<std::int64_t> csc_indptr(static_cast<std::size_t>(s_count) + 1, 0);
  for (std::int64_t s = 0; s < s_count; ++s) {
    csc_indptr[s + 1] = csc_indptr[s] + subreddit_degrees[s];
  }
  std::vector<std::int64_t> cursor(csc_indptr.begin(), csc_indptr.end() - 1);
  std::vector<std::int32_t> csc_users(static_cast<std::size_t>(e_count));
  std::vector<std::int64_t> csc_edges(static_cast<std::size_t>(e_count));

  h5::RowAppender features(file, "/csr/features", at::kFloat,
                           std::vector<std::int64_t>{kEdgeFeatureDim});
  const h5::Dataset indices_set = h5::open_dataset(file, "/csr/indices");
  const h5::Dataset posts_set = h5::open_dataset(file, "/csr/posts");
  const h5::Dataset comments_set = h5::open_dataset(file, "/csr/comments");
  std::vector<float> block_features;
  const std::int64_t u_count = users();
  for (std::int64_t u0 = 0; u0 < u_count;) {
    std::int64_t u1 = u0 + 1;
    while (u1 < u_count && offsets[u1 + 1] - offsets[u0] <= options.pass_edges) ++u1;
    const std::int64_t begin = offsets[u0];
    const std::int64_t end = offsets[u1];
    const at::Tensor idx_t = h5::read_rows(indices_set, begin, end);
    const at::Tensor posts_t = h5::read_rows(posts_set, begin, end);
    const at::Tensor comments_t = h5::read_rows(comments_set, begin, end);
    const auto idx = span_of<std::int32_t>(idx_t);
    const auto posts_v = span_of<std::int32_t>(posts_t);
    const auto comments_v = span_of<std::int32_t>(comments_t);
    block_features.resize(static_cast<std::size_t>(2 * (end - begin)));
    for (std::int64_t u = u0; u < u1; ++u) {
      std::int64_t user_total = 0;
      for (std::int64_t e = offsets[u]; e < offsets[u + 1]; ++e) {
        user_total += std::int64_t{posts_v[e - begin]} + comments_v[e - begin];
      }
      for (std::int64_t e = offsets[u]; e < offsets[u + 1]; ++e) {
        const std::int64_t k = e - begin;
        const std::int32_t s = idx[k];
        const std::int64_t n = std::int64_t{posts_v[k]} + comments_v[k];
        block_features[2 * k] = static_cast<float>(edge_e1(n, user_total, subreddit_totals[s]));
        block_features[2 * k + 1] = static_cast<float>(edge_e2(posts_v[k], comments_v[k]));
        const std::int64_t at = cursor[s]++;
        csc_users[at] = static_cast<std::int32_t>(u);
        csc_edges[at] = e;
      }
    }
    features.append(core::tensor_view(std::span<const float>(block_features), at::kFloat,
                                      {end - begin, kEdgeFeatureDim}));
    u0 = u1;
  }
  features.close();
  h5::write_tensor(file, "/csc/indptr",
                   core::tensor_view(std::span<const std::int64_t>(csc_indptr), at::kLong));
  h5::write_tensor(file, "/csc/indices",
                   core::tensor_view(std::span<const std::int32_t>(csc_users), at::kInt));
  h5::write_tensor(file, "/csc/edge_ids",
                   core::tensor_view(std::span<const std::int64_t>(csc_edges), at::kLong));
}

GraphStreamSummary GraphStreamWriter::finish() {
  State& s = *state_;
  ZIPP_CHECK_T(core::InputError, !s.finished, s.name(), ": finish() called twice");
  ZIPP_CHECK_T(core::InputError, s.subreddits_written, s.name(),
               ": finish() before write_subreddits()");
  s.finished = true;
  for (auto* appender : {&s.indptr, &s.indices, &s.posts, &s.comments, &s.heldout, &s.aligned_ids,
                         &s.aligned_vectors, &s.aligned_mask}) {
    if (*appender) (*appender)->close();
  }
  s.names->close();
  s.write_features_and_csc();
  if (s.heldout)
    h5::set_attribute(h5::open_group(s.file, "/split"), "seed",
                      static_cast<std::int64_t>(s.options.heldout->seed));
  h5::set_attribute(s.file, "format_version", kGraphFormatVersion);
  h5::set_attribute(s.file, "num_users", s.users());
  h5::set_attribute(s.file, "num_subreddits", s.options.num_subreddits);
  h5::set_attribute(s.file, "num_edges", s.edges());
  h5::set_attribute(s.file, "source", s.options.source);
  GraphStreamSummary summary{s.users(), s.options.num_subreddits, s.edges(), s.num_aligned,
                             s.num_heldout};
  s.names.reset();
  for (auto* appender : {&s.indptr, &s.indices, &s.posts, &s.comments, &s.heldout, &s.aligned_ids,
                         &s.aligned_vectors, &s.aligned_mask}) {
    appender->reset();
  }
  s.file.commit();
  return summary;
}

#undef ZIPP_STREAM_CHECK

}  // namespace zipp::graph
