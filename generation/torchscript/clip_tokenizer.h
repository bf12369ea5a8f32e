// The tokenizer of CLIP's text encoder, as Stable Diffusion uses it (docs/generation.md
// "TorchScript pipelines"): the text is cleaned and lower-cased, split by CLIP's pre-tokenization
// pattern, each piece's UTF-8 bytes are mapped to printable characters and merged by byte-level
// BPE with an end-of-word marker ("</w>"), and the ids are framed by <|startoftext|> and
// <|endoftext|>, truncated and padded to a fixed length. It reads the vocab.json and merges.txt
// files of a Hugging Face CLIPTokenizer and gives the same ids as transformers' slow
// CLIPTokenizer for text whose characters are classified alike (see docs for the differences on
// unusual Unicode input).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zipp::generation {

class ClipTokenizer {
 public:
  // Reads vocab.json (token -> id) and merges.txt ("#version" line, then "first second" per
  // merge, highest priority first). The vocabulary must hold <|startoftext|> and <|endoftext|>
  // (the latter is also the unknown token). Ids are padded with pad_token_id to max_length.
  // IoError for an unreadable file, InputError naming the file for malformed contents.
  ClipTokenizer(const std::filesystem::path& vocab_json, const std::filesystem::path& merges_txt,
                std::int64_t max_length, std::int64_t pad_token_id);

  // The BPE tokens of the text, without the start and end tokens, before truncation.
  std::vector<std::string> tokens(std::string_view text) const;

  // Exactly max_length ids: <|startoftext|>, the tokens' ids (unknown tokens as <|endoftext|>)
  // truncated to max_length - 2, <|endoftext|>, then pad_token_id.
  std::vector<std::int64_t> encode(std::string_view text) const;

  std::int64_t max_length() const { return max_length_; }
  std::int64_t vocab_size() const { return static_cast<std::int64_t>(vocab_.size()); }
  std::int64_t start_id() const { return start_id_; }
  std::int64_t end_id() const { return end_id_; }
  std::int64_t pad_id() const { return pad_id_; }

 private:
  std::vector<std::string> bpe(const std::string& piece) const;
  std::int64_t id_of(const std::string& token) const;

  std::unordered_map<std::string, std::int64_t> vocab_;
  std::unordered_map<std::string, std::int64_t> merge_ranks_;  // "first second" -> rank
  std::int64_t max_length_;
  std::int64_t start_id_ = 0;
  std::int64_t end_id_ = 0;
  std::int64_t pad_id_;
};

}  // namespace zipp::generation
