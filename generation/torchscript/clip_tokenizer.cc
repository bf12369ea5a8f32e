#include "generation/torchscript/clip_tokenizer.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <locale.h>
#include <nlohmann/json.hpp>
#include <wctype.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

constexpr std::string_view kStartToken = "<|startoftext|>";
constexpr std::string_view kEndToken = "<|endoftext|>";
constexpr std::string_view kEndOfWord = "</w>";
// transformers' CLIPTokenizer reads at most this many merges (49152 - 256 - 2).
constexpr std::size_t kMaxMerges = 48894;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::IoError(
        core::str(path.string(), ": cannot open the tokenizer file (", std::strerror(errno), ")"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Code points of UTF-8 text; a malformed sequence becomes U+FFFD (which cleaning then drops, as
// Python's decoding with errors="replace" followed by BasicTokenizer would).
std::vector<char32_t> decode_utf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t cp = 0;
    if (b < 0x80) {
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      extra = 1;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      extra = 3;
      cp = b & 0x07;
    } else {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    bool ok = i + static_cast<std::size_t>(extra) < text.size();
    for (int k = 1; ok && k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((c & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

// glibc's C.UTF-8 character tables classify and lower-case non-ASCII characters; without that
// locale non-ASCII characters count as letters and keep their case.
locale_t utf8_locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

// BasicTokenizer's _is_control: categories Cc, Cf, Co (tab, newline and return are whitespace).
bool is_control(char32_t c) {
  if (c == '\t' || c == '\n' || c == '\r') return false;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || (c >= 0x600 && c <= 0x605) ||
         c == 0x61C || c == 0x6DD || c == 0x70F || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x2066 && c <= 0x206F) || (c >= 0xE000 && c <= 0xF8FF) || c == 0xFEFF ||
         (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xF0000);
}

// Space separators (Zs) and the characters Python's str.split() also splits on.
bool is_whitespace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// BasicTokenizer's _is_chinese_char: CJK ideographs get spaces around them.
bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

char32_t to_lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
  const locale_t locale = utf8_locale();
  if (locale == static_cast<locale_t>(0)) return c;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), locale));
}

bool is_number(char32_t c) { return c >= '0' && c <= '9'; }

bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (is_whitespace(c)) return false;
  const locale_t locale = utf8_locale();
  if (locale == static_cast<locale_t>(0)) return true;
  return iswalpha_l(static_cast<wint_t>(c), locale) != 0;
}

// transformers' CLIPTokenizer without ftfy: BasicTokenizer(strip_accents=False,
// do_split_on_punc=False) drops control characters, turns whitespace into spaces, puts spaces
// around CJK ideographs and lower-cases; the words are joined by single spaces.
std::vector<char32_t> clean(std::string_view text) {
  std::vector<char32_t> out;
  bool pending_space = false;
  auto push = [&](char32_t c) {
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  };
  for (char32_t c : decode_utf8(text)) {
    if (c == 0 || c == 0xFFFD || is_control(c)) continue;
    if (is_whitespace(c)) {
      pending_space = true;
    } else if (is_cjk(c)) {
      pending_space = true;
      push(c);
      pending_space = true;
    } else {
      push(to_lower(c));
    }
  }
  return out;
}

bool matches_at(const std::vector<char32_t>& text, std::size_t i, std::string_view literal) {
  if (i + literal.size() > text.size()) return false;
  for (std::size_t k = 0; k < literal.size(); ++k) {
    if (text[i + k] != static_cast<char32_t>(literal[k])) return false;
  }
  return true;
}

// The length of CLIP's contraction alternatives ('s|'t|'re|'ve|'m|'ll|'d) at i, or 0.
std::size_t contraction_at(const std::vector<char32_t>& text, std::size_t i) {
  if (text[i] != '\'' || i + 1 >= text.size()) return 0;
  const char32_t a = text[i + 1];
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
  if (i + 2 < text.size()) {
    const char32_t b = text[i + 2];
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
  }
  return 0;
}

// CLIP's pre-tokenization: re.findall of
//   <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// on cleaned text, where the only whitespace left is the space.
std::vector<std::vector<char32_t>> pre_tokenize(const std::vector<char32_t>& text) {
  std::vector<std::vector<char32_t>> pieces;
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t c = text[i];
    std::size_t end = i + 1;
    if (c == ' ') {
      ++i;
      continue;
    }
    if (matches_at(text, i, kStartToken)) {
      end = i + kStartToken.size();
    } else if (matches_at(text, i, kEndToken)) {
      end = i + kEndToken.size();
    } else if (const std::size_t n = contraction_at(text, i); n > 0) {
      end = i + n;
    } else if (is_letter(c)) {
      while (end < text.size() && is_letter(text[end])) ++end;
    } else if (!is_number(c)) {
      while (end < text.size() && text[end] != ' ' && !is_letter(text[end]) &&
             !is_number(text[end])) {
        ++end;
      }
    }
    pieces.emplace_back(text.begin() + static_cast<std::ptrdiff_t>(i),
                        text.begin() + static_cast<std::ptrdiff_t>(end));
    i = end;
  }
  return pieces;
}

// GPT-2's bytes_to_unicode: printable bytes stand for themselves, the others for 256 + n in
// byte order; each entry is the UTF-8 of the character byte b maps to.
const std::array<std::string, 256>& byte_symbols() {
  static const std::array<std::string, 256> table = [] {
    std::array<std::string, 256> symbols;
    int next = 0;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      append_utf8(symbols[static_cast<std::size_t>(b)],
                  printable ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + next++));
    }
    return symbols;
  }();
  return table;
}

}  // namespace

ClipTokenizer::ClipTokenizer(const std::filesystem::path& vocab_json,
                             const std::filesystem::path& merges_txt, std::int64_t max_length,
                             std::int64_t pad_token_id)
    : max_length_(max_length), pad_id_(pad_token_id) {
  nlohmann::json vocab;
  try {
    vocab = nlohmann::json::parse(read_text(vocab_json));
  } catch (const nlohmann::json::exception& e) {
    throw core::InputError(core::str(vocab_json.string(), ": not valid JSON (", e.what(), ")"));
  }
  if (!vocab.is_object()) {
    throw core::InputError(core::str(
        vocab_json.string(), ": expected an object of token -> id, found a ", vocab.type_name()));
  }
  for (const auto& [token, id] : vocab.items()) {
    if (!id.is_number_integer()) {
      throw core::InputError(core::str(vocab_json.string(), ": the id of token ",
                                       core::quoted(token), " is not an integer"));
    }
    vocab_.emplace(token, id.get<std::int64_t>());
  }
  for (std::string_view special : {kStartToken, kEndToken}) {
    if (!vocab_.contains(std::string(special))) {
      throw core::InputError(core::str(vocab_json.string(), ": the vocabulary has no ",
                                       std::string(special), " token (not a CLIP vocabulary?)"));
    }
  }
  start_id_ = vocab_.at(std::string(kStartToken));
  end_id_ = vocab_.at(std::string(kEndToken));

  std::istringstream merges(read_text(merges_txt));
  std::string line;
  std::int64_t line_number = 0;
  while (std::getline(merges, line) && merge_ranks_.size() < kMaxMerges) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (line_number == 1 && line.starts_with("#version"))) continue;
    const auto space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 >= line.size() ||
        line.find(' ', space + 1) != std::string::npos) {
      throw core::InputError(core::str(merges_txt.string(), ":", line_number,
                                       ": expected two symbols separated by one space, found ",
                                       core::quoted(line)));
    }
    merge_ranks_.emplace(line, static_cast<std::int64_t>(merge_ranks_.size()));
  }
  if (max_length_ < 2) {
    throw core::ConfigError(
        core::str("tokenizer max_length: expected at least 2, found ", max_length_));
  }
}

std::vector<std::string> ClipTokenizer::bpe(const std::string& piece) const {
  // The piece's characters (each a mapped byte), the last one marked as the end of the word.
  std::vector<std::string> word;
  const auto& symbols = byte_symbols();
  for (unsigned char b : piece) word.push_back(symbols[b]);
  word.back() += kEndOfWord;
  while (word.size() > 1) {
    std::int64_t best_rank = std::numeric_limits<std::int64_t>::max();
    std::string best;
    for (std::size_t i = 0; i + 1 < word.size(); ++i) {
      auto it = merge_ranks_.find(word[i] + " " + word[i + 1]);
      if (it != merge_ranks_.end() && it->second < best_rank) {
        best_rank = it->second;
        best = it->first;
      }
    }
    if (best.empty()) break;
    const std::string first = best.substr(0, best.find(' '));
    const std::string second = best.substr(best.find(' ') + 1);
    std::vector<std::string> merged;
    for (std::size_t i = 0; i < word.size();) {
      if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
        merged.push_back(first + second);
        i += 2;
      } else {
        merged.push_back(word[i]);
        i += 1;
      }
    }
    word = std::move(merged);
  }
  return word;
}

std::vector<std::string> ClipTokenizer::tokens(std::string_view text) const {
  std::vector<std::string> out;
  for (const auto& piece : pre_tokenize(clean(text))) {
    std::string utf8;
    for (char32_t c : piece) append_utf8(utf8, c);
    if (utf8 == kStartToken || utf8 == kEndToken) {
      out.push_back(utf8);
      continue;
    }
    for (auto& token : bpe(utf8)) out.push_back(std::move(token));
  }
  return out;
}

std::int64_t ClipTokenizer::id_of(const std::string& token) const {
  auto it = vocab_.find(token);
  return it == vocab_.end() ? end_id_ : it->second;
}

std::vector<std::int64_t> ClipTokenizer::encode(std::string_view text) const {
  std::vector<std::int64_t> ids;
  ids.reserve(static_cast<std::size_t>(max_length_));
  ids.push_back(start_id_);
  for (const auto& token : tokens(text)) {
    if (static_cast<std::int64_t>(ids.size()) == max_length_ - 1) break;
    ids.push_back(id_of(token));
  }
  ids.push_back(end_id_);
  ids.resize(static_cast<std::size_t>(max_length_), pad_id_);
  return ids;
}

}  // namespace zipp::generation
