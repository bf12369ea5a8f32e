#include "training/embed/embeddings_file.h"

#include <algorithm>
#include <cstdio>
#include <system_error>

#include "core/check.h"
#include "core/error.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_object.h"
#include "core/io/h5_tensor.h"
#include "core/str.h"
#include "core/tensor_vector.h"

namespace zipp::training {
namespace {

namespace h5 = core::h5;
namespace fs = std::filesystem;

constexpr const char* kUserDatasets[] = {"ids", "embedding", "top_subreddits", "top_weights",
                                         "degree"};

// Opens the users group after checking every dataset's dtype and row count; returns N.
std::int64_t check_users(const h5::Object& file, std::int64_t hidden, std::int64_t top_k) {
  const h5::Group users = h5::open_group(file, "users");
  const auto n = h5::dataset_info(users, "ids").rows();
  h5::require_tensor(users, "ids", at::kLong, {h5::Dim("N", n)});
  h5::require_tensor(users, "embedding", at::kFloat, {h5::Dim("N", n), h5::Dim("H", hidden)});
  h5::require_tensor(users, "top_subreddits", at::kLong, {h5::Dim("N", n), h5::Dim("k", top_k)});
  h5::require_tensor(users, "top_weights", at::kFloat, {h5::Dim("N", n), h5::Dim("k", top_k)});
  h5::require_tensor(users, "degree", at::kLong, {h5::Dim("N", n)});
  const auto names = h5::dataset_info(users, "names");
  ZIPP_CHECK_T(core::InputError, names.type_name == "string" && names.rows() == n, file.file_name(),
               ": /users/names: expected string [N=", n, "], found ", names.type_name, " ",
               h5::shape_text(names.shape));
  return n;
}

}  // namespace

fs::path embeddings_part_path(const fs::path& output, std::int64_t rank) {
  char suffix[32];
  std::snprintf(suffix, sizeof(suffix), ".part-%05lld", static_cast<long long>(rank));
  return fs::path(output.string() + suffix);
}

EmbeddingsPartWriter::EmbeddingsPartWriter(const fs::path& path, std::int64_t hidden,
                                           std::int64_t top_k)
    : file_(h5::File::create_atomic(path)),
      hidden_(hidden),
      top_k_(top_k),
      ids_(h5::create_group(file_, "users"), "ids", at::kLong, {}),
      names_(h5::open_group(file_, "users"), "names"),
      embedding_(h5::open_group(file_, "users"), "embedding", at::kFloat, {hidden}),
      top_subreddits_(h5::open_group(file_, "users"), "top_subreddits", at::kLong, {top_k}),
      top_weights_(h5::open_group(file_, "users"), "top_weights", at::kFloat, {top_k}),
      degree_(h5::open_group(file_, "users"), "degree", at::kLong, {}) {}

void EmbeddingsPartWriter::append(std::span<const std::int64_t> ids,
                                  std::span<const std::string> names, const EmbeddedUsers& users) {
  const auto n = static_cast<std::int64_t>(ids.size());
  ZIPP_CHECK_T(core::InputError,
               names.size() == ids.size() && users.degree.size() == ids.size() &&
                   users.embeddings.dim() == 2 && users.embeddings.size(0) == n &&
                   users.embeddings.size(1) == hidden_ && users.top_subreddits.dim() == 2 &&
                   users.top_subreddits.size(0) == n && users.top_subreddits.size(1) == top_k_ &&
                   users.top_weights.sizes() == users.top_subreddits.sizes(),
               file_.disk_path().string(), ": expected ", n, " users with embeddings [", n, ", ",
               hidden_, "] and top subreddits [", n, ", ", top_k_, "], found ", names.size(),
               " names, ", users.degree.size(), " degrees, embeddings ", users.embeddings.sizes(),
               ", top subreddits ", users.top_subreddits.sizes(), ", weights ",
               users.top_weights.sizes());
  ids_.append(core::tensor_view(ids, at::kLong));
  names_.append(names);
  embedding_.append(users.embeddings.to(at::kFloat).cpu().contiguous());
  top_subreddits_.append(users.top_subreddits.to(at::kLong).cpu().contiguous());
  top_weights_.append(users.top_weights.to(at::kFloat).cpu().contiguous());
  degree_.append(core::tensor_view(users.degree, at::kLong));
}

void EmbeddingsPartWriter::commit() {
  ids_.close();
  names_.close();
  embedding_.close();
  top_subreddits_.close();
  top_weights_.close();
  degree_.close();
  file_.commit();
}

std::int64_t merge_embedding_parts(std::span<const fs::path> parts, const fs::path& output,
                                   const EmbeddingsMeta& meta,
                                   const at::Tensor& subreddit_embeddings,
                                   std::int64_t chunk_rows) {
  ZIPP_CHECK_T(core::InputError, subreddit_embeddings.dim() == 2 && chunk_rows >= 1,
               "embeddings merge: expected subreddit embeddings [S, H] and chunk_rows >= 1, found ",
               subreddit_embeddings.sizes(), " and ", chunk_rows);
  const std::int64_t hidden = subreddit_embeddings.size(1);
  const std::int64_t top_k = meta.top_k;
  std::int64_t total = 0;
  {
    h5::File file = h5::File::create_atomic(output);
    h5::set_attribute(file, "format_version", kEmbeddingsFormatVersion);
    h5::set_attribute(file, "checkpoint", meta.checkpoint);
    h5::set_attribute(file, "global_step", meta.global_step);
    h5::set_attribute(file, "aggregator", meta.aggregator);
    h5::set_attribute(file, "top_k", top_k);
    h5::set_attribute(file, "source", meta.source);
    h5::write_tensor(h5::create_group(file, "subreddits"), "embedding",
                     subreddit_embeddings.to(at::kFloat).cpu().contiguous());
    {
      // Every handle into the file closes before the commit.
      const h5::Group users = h5::create_group(file, "users");
      h5::RowAppender ids(users, "ids", at::kLong, {});
      h5::StringAppender names(users, "names");
      h5::RowAppender embedding(users, "embedding", at::kFloat, {hidden});
      h5::RowAppender top_subreddits(users, "top_subreddits", at::kLong, {top_k});
      h5::RowAppender top_weights(users, "top_weights", at::kFloat, {top_k});
      h5::RowAppender degree(users, "degree", at::kLong, {});
      h5::RowAppender* row_appenders[] = {&ids, &embedding, &top_subreddits, &top_weights, &degree};
      for (const fs::path& part_path : parts) {
        const h5::File part = h5::File::open(part_path, h5::Access::kRead);
        const std::int64_t n = check_users(part, hidden, top_k);
        const h5::Group part_users = h5::open_group(part, "users");
        std::vector<h5::Dataset> datasets;
        for (const char* name : kUserDatasets) {
          datasets.push_back(h5::open_dataset(part_users, name));
        }
        for (std::int64_t begin = 0; begin < n; begin += chunk_rows) {
          const std::int64_t end = std::min(n, begin + chunk_rows);
          for (std::size_t d = 0; d < datasets.size(); ++d) {
            row_appenders[d]->append(h5::read_rows(datasets[d], begin, end));
          }
          names.append(h5::read_strings(part_users, "names", begin, end));
        }
        total += n;
      }
      for (h5::RowAppender* appender : row_appenders) appender->close();
      names.close();
    }
    file.commit();
  }
  for (const fs::path& part_path : parts) {
    std::error_code ignored;
    fs::remove(part_path, ignored);
  }
  return total;
}

EmbeddingsMeta read_embeddings_meta(const fs::path& path) {
  const h5::File file = h5::File::open(path, h5::Access::kRead);
  EmbeddingsMeta meta;
  meta.format_version = h5::attribute_int64(file, "format_version");
  ZIPP_CHECK_T(core::InputError, meta.format_version == kEmbeddingsFormatVersion, path.string(),
               ": format_version ", meta.format_version, " is not the supported ",
               kEmbeddingsFormatVersion);
  meta.checkpoint = h5::attribute_string(file, "checkpoint");
  meta.global_step = h5::attribute_int64(file, "global_step");
  meta.aggregator = h5::attribute_string(file, "aggregator");
  meta.top_k = h5::attribute_int64(file, "top_k");
  meta.source = h5::attribute_string(file, "source");
  const auto subreddits = h5::dataset_info(file, "/subreddits/embedding");
  ZIPP_CHECK_T(core::InputError, subreddits.shape.size() == 2, path.string(),
               ": /subreddits/embedding: expected [S, H], found ",
               h5::shape_text(subreddits.shape));
  h5::require_tensor(file, "/subreddits/embedding", at::kFloat,
                     {h5::Dim("S"), h5::Dim("H", subreddits.shape[1])});
  meta.num_subreddits = subreddits.shape[0];
  meta.hidden = subreddits.shape[1];
  meta.num_users = check_users(file, meta.hidden, meta.top_k);
  return meta;
}

EmbeddingRows read_embeddings(const fs::path& path, std::int64_t begin, std::int64_t end) {
  const EmbeddingsMeta meta = read_embeddings_meta(path);
  ZIPP_CHECK_T(core::InputError, begin >= 0 && begin <= end && end <= meta.num_users, path.string(),
               ": users [", begin, ", ", end, ") are outside [0, ", meta.num_users, ")");
  const h5::File file = h5::File::open(path, h5::Access::kRead);
  const h5::Group users = h5::open_group(file, "users");
  EmbeddingRows rows;
  rows.ids = core::tensor_to_vector<std::int64_t>(h5::read_rows(users, "ids", begin, end));
  rows.names = h5::read_strings(users, "names", begin, end);
  rows.embeddings = h5::read_rows(users, "embedding", begin, end);
  rows.top_subreddits = h5::read_rows(users, "top_subreddits", begin, end);
  rows.top_weights = h5::read_rows(users, "top_weights", begin, end);
  rows.degree = core::tensor_to_vector<std::int64_t>(h5::read_rows(users, "degree", begin, end));
  return rows;
}

at::Tensor read_subreddit_embeddings(const fs::path& path) {
  const h5::File file = h5::File::open(path, h5::Access::kRead);
  return h5::read_tensor(file, "/subreddits/embedding");
}

}  // namespace zipp::training
