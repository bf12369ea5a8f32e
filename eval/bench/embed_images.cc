#include "eval/bench/embed_images.h"

#include <vector>

#include <ATen/ATen.h>

#include "core/progress.h"

namespace zipp::eval {

at::Tensor embed_items(std::span<const EmbedItem> items, ImageEmbedder& embedder,
                       EmbeddingCache& cache, std::int64_t batch, const std::string& what,
                       EmbedCounts* counts) {
  const auto n = static_cast<std::int64_t>(items.size());
  at::Tensor out = at::empty({n, embedder.dim()}, at::kFloat);
  std::vector<std::int64_t> missing;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto& item = items[static_cast<std::size_t>(i)];
    if (auto row = cache.find(item.key, item.fingerprint)) {
      out[i].copy_(*row);
    } else {
      missing.push_back(i);
    }
  }
  if (counts) {
    counts->cached += n - static_cast<std::int64_t>(missing.size());
    counts->embedded += static_cast<std::int64_t>(missing.size());
  }
  if (missing.empty()) return out;

  core::Progress progress(what, static_cast<std::int64_t>(missing.size()), {.unit = "images"});
  std::vector<std::int64_t> rows;
  std::vector<at::Tensor> pixels;
  const auto flush = [&] {
    if (rows.empty()) return;
    const at::Tensor embedded = embedder.embed(at::stack(pixels));
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const auto& item = items[static_cast<std::size_t>(rows[j])];
      const at::Tensor row = embedded[static_cast<std::int64_t>(j)];
      out[rows[j]].copy_(row);
      cache.put(item.key, item.fingerprint, row.contiguous());
    }
    progress.advance(static_cast<std::int64_t>(rows.size()));
    rows.clear();
    pixels.clear();
  };
  for (const std::int64_t i : missing) {
    at::Tensor image = items[static_cast<std::size_t>(i)].load();
    if (!pixels.empty() && image.sizes() != pixels.front().sizes()) flush();
    rows.push_back(i);
    pixels.push_back(std::move(image));
    if (static_cast<std::int64_t>(rows.size()) >= batch) flush();
  }
  flush();
  progress.finish();
  return out;
}

}  // namespace zipp::eval
