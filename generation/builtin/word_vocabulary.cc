#include "generation/builtin/word_vocabulary.h"

#include <cctype>
#include <set>

#include <ATen/TensorOperators.h>
#include <ATen/ops/full.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation::builtin {
namespace {

const std::vector<std::string>& special_tokens() {
  static const std::vector<std::string> kSpecial = {"<pad>", "<unk>", "<bos>"};
  return kSpecial;
}

}  // namespace

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

WordVocabulary WordVocabulary::build(const std::vector<std::string>& texts) {
  std::set<std::string> words;
  for (const auto& text : texts) {
    for (auto& word : split_words(text)) words.insert(std::move(word));
  }
  std::vector<std::string> tokens = special_tokens();
  tokens.insert(tokens.end(), words.begin(), words.end());
  return from_tokens(std::move(tokens), "the training vocabulary");
}

WordVocabulary WordVocabulary::from_tokens(std::vector<std::string> tokens,
                                           std::string_view source) {
  const auto& special = special_tokens();
  for (std::size_t i = 0; i < special.size(); ++i) {
    if (i >= tokens.size() || tokens[i] != special[i]) {
      throw core::InputError(core::str(source, ": vocabulary token ", i, " must be ", special[i],
                                       ", found ",
                                       i < tokens.size() ? tokens[i] : std::string("nothing")));
    }
  }
  WordVocabulary vocabulary;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!vocabulary.ids_.emplace(tokens[i], static_cast<std::int64_t>(i)).second) {
      throw core::InputError(
          core::str(source, ": vocabulary token \"", tokens[i], "\" appears twice (id ", i, ")"));
    }
  }
  vocabulary.tokens_ = std::move(tokens);
  return vocabulary;
}

std::int64_t WordVocabulary::id(std::string_view word) const {
  const auto it = ids_.find(std::string(word));
  return it == ids_.end() ? kUnknownToken : it->second;
}

at::Tensor WordVocabulary::encode(const std::vector<std::string>& prompts,
                                  std::int64_t max_tokens) const {
  if (max_tokens < 1) {
    throw core::InputError(
        core::str("tokenizer: max_tokens must be at least 1, found ", max_tokens));
  }
  at::Tensor ids =
      at::full({static_cast<std::int64_t>(prompts.size()), max_tokens}, kPadToken, at::kLong);
  auto* out = ids.data_ptr<std::int64_t>();
  for (std::size_t row = 0; row < prompts.size(); ++row) {
    std::int64_t* r = out + static_cast<std::int64_t>(row) * max_tokens;
    r[0] = kBosToken;
    std::int64_t n = 1;
    for (const auto& word : split_words(prompts[row])) {
      if (n == max_tokens) break;
      r[n++] = id(word);
    }
  }
  return ids;
}

}  // namespace zipp::generation::builtin
