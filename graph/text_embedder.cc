#include "graph/text_embedder.h"

#include <cmath>
#include <unordered_map>

#include <ATen/ops/empty.h>

#include "core/check.h"
#include "core/random/hash.h"
#include "core/random/rng.h"

namespace zipp::graph {
namespace {

enum class FeatureKind : std::uint64_t { kWord = 1, kBigram = 2, kTrigram = 3 };

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

std::uint64_t feature_hash(FeatureKind kind, std::string_view text) {
  return core::hash_text(text, static_cast<std::uint64_t>(kind));
}

}  // namespace

TextEmbedder::TextEmbedder(TextEmbedderOptions options) : options_(options) {
  ZIPP_CHECK_T(core::ConfigError, options_.dim > 0 && options_.dim <= 65536,
               "text embedder: dim must be in [1, 65536], found ", options_.dim);
}

std::vector<std::string> TextEmbedder::words(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_word_byte(c)) {
      current += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : ch;
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

void TextEmbedder::add_feature(std::uint64_t hash, float weight, std::span<float> out) const {
  // The feature's direction: dim random signs drawn from a stream keyed by (seed, feature).
  core::Rng rng(options_.seed, {hash});
  const std::int64_t dim = options_.dim;
  for (std::int64_t base = 0; base < dim; base += 64) {
    std::uint64_t bits = rng.next();
    const std::int64_t end = std::min<std::int64_t>(dim, base + 64);
    for (std::int64_t i = base; i < end; ++i, bits >>= 1) out[i] += (bits & 1) ? weight : -weight;
  }
}

void TextEmbedder::embed(std::string_view text, std::span<float> out) const {
  ZIPP_CHECK_EQ(static_cast<std::int64_t>(out.size()), options_.dim);
  std::fill(out.begin(), out.end(), 0.0F);
  const std::vector<std::string> tokens = words(text);
  if (tokens.empty()) return;

  std::unordered_map<std::uint64_t, std::pair<float, int>> counts;  // hash -> (kind weight, tf)
  auto count = [&](FeatureKind kind, std::string_view feature, float weight) {
    auto& entry = counts[feature_hash(kind, feature)];
    entry.first = weight;
    ++entry.second;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    count(FeatureKind::kWord, tokens[i], options_.word_weight);
    if (i + 1 < tokens.size()) {
      count(FeatureKind::kBigram, tokens[i] + ' ' + tokens[i + 1], options_.bigram_weight);
    }
    const std::string padded = '<' + tokens[i] + '>';
    for (std::size_t j = 0; j + 3 <= padded.size(); ++j) {
      count(FeatureKind::kTrigram, std::string_view(padded).substr(j, 3), options_.trigram_weight);
    }
  }
  for (const auto& [hash, entry] : counts) {
    add_feature(hash, entry.first * (1.0F + std::log(static_cast<float>(entry.second))), out);
  }
  double norm = 0;
  for (float v : out) norm += static_cast<double>(v) * v;
  if (norm <= 0) return;
  const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
  for (float& v : out) v *= scale;
}

std::vector<float> TextEmbedder::embed(std::string_view text) const {
  std::vector<float> out(options_.dim);
  embed(text, out);
  return out;
}

at::Tensor TextEmbedder::embed_all(std::span<const std::string> texts) const {
  const auto n = static_cast<std::int64_t>(texts.size());
  at::Tensor out = at::empty({n, options_.dim}, at::TensorOptions().dtype(at::kFloat));
  float* data = out.data_ptr<float>();
  for (std::int64_t i = 0; i < n; ++i) {
    embed(texts[i], std::span<float>(data + i * options_.dim, options_.dim));
  }
  return out;
}

}  // namespace zipp::graph
