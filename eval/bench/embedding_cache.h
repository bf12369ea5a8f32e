// The benchmark's embedding cache (docs/formats.md "Embedding cache"): every image `zipp eval
// bench` embedded, by key, with a fingerprint of the image's content, in one HDF5 file per
// embedder. A rerun embeds only the images that are new or whose content changed (another PNG, or
// a reference rendered from another truth), so re-scoring after generation resumes, or with
// other metrics, costs no embedding time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <ATen/core/Tensor.h>

namespace zipp::eval {

inline constexpr int kEmbeddingCacheFormatVersion = 1;

class EmbeddingCache {
 public:
  // Reads `path` when it exists and was written by the same embedder with the same dimension;
  // otherwise starts empty (a cache of another embedder is replaced on save, and the log says
  // so). A file that exists but cannot be read as a cache is an InputError naming it.
  EmbeddingCache(std::filesystem::path path, std::string embedder, std::int64_t dim);

  // The embedding of `key` when it is cached with this fingerprint: float32 [dim].
  std::optional<at::Tensor> find(std::string_view key, std::uint64_t fingerprint) const;

  // Adds or replaces one entry; `embedding` is float32 [dim].
  void put(std::string_view key, std::uint64_t fingerprint, const at::Tensor& embedding);

  // Writes the cache atomically (only when something was put since it was read).
  void save();

  std::int64_t size() const { return static_cast<std::int64_t>(keys_.size()); }
  std::int64_t loaded() const { return loaded_; }  // entries read from the file
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Entry {
    std::uint64_t fingerprint = 0;
    std::int64_t row = 0;
  };
  std::filesystem::path path_;
  std::string embedder_;
  std::int64_t dim_ = 0;
  std::vector<std::string> keys_;
  std::vector<std::uint64_t> fingerprints_;
  std::vector<at::Tensor> rows_;  // float32 [dim] each
  std::unordered_map<std::string, Entry> index_;
  std::int64_t loaded_ = 0;
  bool dirty_ = false;
};

}  // namespace zipp::eval
