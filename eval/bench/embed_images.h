// Embeds the benchmark's images through the embedding cache (eval/bench/embedding_cache.h): each
// item is embedded only when the cache lacks its key with its fingerprint; images are loaded
// lazily, one batch at a time, so memory holds one batch of pixels whatever the benchmark's size.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include <ATen/core/Tensor.h>

#include "eval/bench/embedding_cache.h"
#include "eval/embedders/image_embedder.h"

namespace zipp::eval {

struct EmbedItem {
  std::string key;
  std::uint64_t fingerprint = 0;
  std::function<at::Tensor()> load;  // uint8 [H, W, 3] RGB
};

struct EmbedCounts {
  std::int64_t cached = 0;    // found in the cache
  std::int64_t embedded = 0;  // run through the embedder
};

// float32 [items, embedder.dim()], row i for items[i]. Items of one size are embedded together,
// `batch` at a time; new embeddings are put into `cache` (the caller saves it). Progress is
// logged as `what`.
at::Tensor embed_items(std::span<const EmbedItem> items, ImageEmbedder& embedder,
                       EmbeddingCache& cache, std::int64_t batch, const std::string& what,
                       EmbedCounts* counts = nullptr);

}  // namespace zipp::eval
