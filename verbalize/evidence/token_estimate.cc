#include "verbalize/evidence/token_estimate.h"

#include <cstddef>

namespace zipp::verbalize {
namespace {

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_word(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

std::int64_t estimate_tokens(std::string_view text) {
  std::int64_t tokens = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_word(c)) {
      std::size_t j = i;
      while (j < text.size() && is_word(static_cast<unsigned char>(text[j]))) ++j;
      tokens += static_cast<std::int64_t>((j - i + 3) / 4);
      i = j;
    } else {
      if (!is_space(c)) ++tokens;
      ++i;
    }
  }
  return tokens;
}

std::string_view prefix_within_tokens(std::string_view text, std::int64_t max_tokens) {
  // Whitespace separates runs, so the cost of a prefix ending at whitespace is the sum of its
  // words' costs: walk word by word.
  std::size_t end = 0;
  std::int64_t used = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) break;
    std::size_t j = i;
    while (j < text.size() && !is_space(static_cast<unsigned char>(text[j]))) ++j;
    const std::int64_t cost = estimate_tokens(text.substr(i, j - i));
    if (used + cost > max_tokens) break;
    used += cost;
    end = j;
    i = j;
  }
  return text.substr(0, end);
}

}  // namespace zipp::verbalize
