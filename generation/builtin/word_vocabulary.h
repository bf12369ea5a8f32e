// The builtin tiny model's word-level tokenizer (docs/generation.md "Builtin tiny model"): text is
// lower-cased and split into runs of letters and digits ("Sun-dappled, 90s!" -> sun dappled 90s);
// every prompt starts with <bos>, so the empty prompt (the unconditional input) is [<bos>] alone;
// words outside the vocabulary become <unk>; prompts longer than max_tokens are truncated and
// shorter ones padded with <pad>. The vocabulary is saved with the weights (tiny.json).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <ATen/core/Tensor.h>

namespace zipp::generation::builtin {

inline constexpr std::int64_t kPadToken = 0;
inline constexpr std::int64_t kUnknownToken = 1;
inline constexpr std::int64_t kBosToken = 2;

// Lower-cased words of a text, in order.
std::vector<std::string> split_words(std::string_view text);

class WordVocabulary {
 public:
  // From the words of `texts`: <pad>, <unk>, <bos>, then the distinct words sorted.
  static WordVocabulary build(const std::vector<std::string>& texts);
  // From a saved token list (index = id); InputError naming `source` when the three special
  // tokens are not first or a word repeats.
  static WordVocabulary from_tokens(std::vector<std::string> tokens, std::string_view source);

  const std::vector<std::string>& tokens() const { return tokens_; }
  std::int64_t size() const { return static_cast<std::int64_t>(tokens_.size()); }
  std::int64_t id(std::string_view word) const;

  // Token ids [B, max_tokens] int64, <bos> first, then words, then <pad>.
  at::Tensor encode(const std::vector<std::string>& prompts, std::int64_t max_tokens) const;

 private:
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, std::int64_t> ids_;
};

}  // namespace zipp::generation::builtin
