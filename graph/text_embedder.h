// The builtin text embedder: a deterministic stand-in for the authors' 3072-d text embedding
// (docs method §1), used for subreddit descriptions and image-post titles when no embedding
// file is supplied. Text is lower-cased and split into words; its features are the words, the
// word bigrams and the character trigrams of each word, counted with sublinear weight
// (1 + log tf) and scaled per kind. Each feature is hashed (core/random/hash.h) to a fixed random
// ±1 direction in D dimensions (an Achlioptas random projection of the hashed n-gram
// space), the directions are summed and the result L2-normalized. Texts that share words or
// word pieces get nearby vectors; an empty text gets the zero vector. The same (dim, seed) gives
// the same vectors on every machine.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>

namespace zipp::graph {

struct TextEmbedderOptions {
  std::int64_t dim = 128;
  std::uint64_t seed = 0x7a697070;  // "zipp"
  float word_weight = 1.0F;
  float bigram_weight = 0.5F;
  float trigram_weight = 0.25F;
};

class TextEmbedder {
 public:
  explicit TextEmbedder(TextEmbedderOptions options = {});

  std::int64_t dim() const { return options_.dim; }
  const TextEmbedderOptions& options() const { return options_; }

  // Writes the embedding of `text` to out[0, dim).
  void embed(std::string_view text, std::span<float> out) const;
  std::vector<float> embed(std::string_view text) const;
  // float32 [N, dim], one row per text.
  at::Tensor embed_all(std::span<const std::string> texts) const;

  // The lower-cased words of `text` (runs of letters and digits; other bytes separate them,
  // UTF-8 multi-byte sequences are kept inside words).
  static std::vector<std::string> words(std::string_view text);

 private:
  void add_feature(std::uint64_t hash, float weight, std::span<float> out) const;

  TextEmbedderOptions options_;
};

}  // namespace zipp::graph
