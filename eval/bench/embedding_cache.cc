#include "eval/bench/embedding_cache.h"

#include <cstring>

#include <ATen/ATen.h>

#include "core/check.h"
#include "core/error.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/log.h"
#include "core/str.h"

namespace zipp::eval {
namespace fs = std::filesystem;
namespace h5 = core::h5;

EmbeddingCache::EmbeddingCache(fs::path path, std::string embedder, std::int64_t dim)
    : path_(std::move(path)), embedder_(std::move(embedder)), dim_(dim) {
  if (!fs::exists(path_)) return;
  const auto file = h5::File::open(path_, h5::Access::kRead);
  const auto fail = [&](const std::string& what) {
    return core::InputError(core::str(path_.string(), ": not a zipp embedding cache: ", what,
                                      " (delete the file to rebuild it)"));
  };
  if (!h5::has_attribute(file, "format_version") ||
      h5::attribute_int64(file, "format_version") != kEmbeddingCacheFormatVersion) {
    throw fail(core::str("expected the attribute format_version = ", kEmbeddingCacheFormatVersion));
  }
  const std::string stored = h5::attribute_string(file, "embedder");
  const std::int64_t stored_dim = h5::attribute_int64(file, "dim");
  if (stored != embedder_ || stored_dim != dim_) {
    ZIPP_LOG_WARN("eval: the embedding cache ", path_.string(), " holds ", stored, " (dim ",
                  stored_dim, "), not ", embedder_, " (dim ", dim_,
                  "): every image is embedded again and the cache replaced");
    return;
  }
  keys_ = h5::read_strings(file, "keys");
  const at::Tensor fingerprints = h5::read_tensor(file, "fingerprints", at::kLong, {h5::Dim("N")});
  const at::Tensor embeddings =
      h5::read_tensor(file, "embeddings", at::kFloat, {h5::Dim("N"), h5::Dim("dim", dim_)});
  if (fingerprints.size(0) != static_cast<std::int64_t>(keys_.size()) ||
      embeddings.size(0) != fingerprints.size(0)) {
    throw fail(core::str("keys, fingerprints and embeddings have ", keys_.size(), ", ",
                         fingerprints.size(0), " and ", embeddings.size(0),
                         " rows; expected the same"));
  }
  const auto* bits = fingerprints.data_ptr<std::int64_t>();
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    std::uint64_t fingerprint = 0;
    std::memcpy(&fingerprint, &bits[i], sizeof fingerprint);
    fingerprints_.push_back(fingerprint);
    rows_.push_back(embeddings[static_cast<std::int64_t>(i)].clone());
    if (!index_.emplace(keys_[i], Entry{fingerprint, static_cast<std::int64_t>(i)}).second) {
      throw fail(core::str("the key '", keys_[i], "' occurs twice"));
    }
  }
  loaded_ = static_cast<std::int64_t>(keys_.size());
}

std::optional<at::Tensor> EmbeddingCache::find(std::string_view key,
                                               std::uint64_t fingerprint) const {
  const auto it = index_.find(std::string(key));
  if (it == index_.end() || it->second.fingerprint != fingerprint) return std::nullopt;
  return rows_[static_cast<std::size_t>(it->second.row)];
}

void EmbeddingCache::put(std::string_view key, std::uint64_t fingerprint,
                         const at::Tensor& embedding) {
  ZIPP_CHECK(
      embedding.dim() == 1 && embedding.size(0) == dim_ && embedding.scalar_type() == at::kFloat,
      "embedding cache: expected float32 [", dim_, "]");
  const auto [it, inserted] =
      index_.emplace(std::string(key), Entry{fingerprint, static_cast<std::int64_t>(keys_.size())});
  if (inserted) {
    keys_.emplace_back(key);
    fingerprints_.push_back(fingerprint);
    rows_.push_back(embedding.contiguous().clone());
  } else {
    it->second.fingerprint = fingerprint;
    fingerprints_[static_cast<std::size_t>(it->second.row)] = fingerprint;
    rows_[static_cast<std::size_t>(it->second.row)] = embedding.contiguous().clone();
  }
  dirty_ = true;
}

void EmbeddingCache::save() {
  if (!dirty_) return;
  fs::create_directories(path_.parent_path().empty() ? fs::path(".") : path_.parent_path());
  auto file = h5::File::create_atomic(path_);
  h5::set_attribute(file, "format_version", kEmbeddingCacheFormatVersion);
  h5::set_attribute(file, "embedder", embedder_);
  h5::set_attribute(file, "dim", dim_);
  h5::write_strings(file, "keys", keys_);
  at::Tensor fingerprints = at::empty({static_cast<std::int64_t>(keys_.size())}, at::kLong);
  std::memcpy(fingerprints.data_ptr<std::int64_t>(), fingerprints_.data(),
              fingerprints_.size() * sizeof(std::uint64_t));
  h5::write_tensor(file, "fingerprints", fingerprints);
  const at::Tensor embeddings = rows_.empty() ? at::empty({0, dim_}, at::kFloat) : at::stack(rows_);
  h5::write_tensor(file, "embeddings", embeddings);
  file.commit();
  dirty_ = false;
}

}  // namespace zipp::eval
