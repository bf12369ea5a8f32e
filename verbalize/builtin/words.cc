#include "verbalize/builtin/words.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace zipp::verbalize::builtin {
namespace {

constexpr std::array<std::string_view, 56> kStopWords = {
    "of",   "in",    "to",   "on",   "at",   "by",    "is",   "it",    "my",    "or",
    "as",   "an",    "be",   "we",   "do",   "so",    "the",  "and",   "for",   "with",
    "from", "that",  "this", "your", "you",  "are",   "our",  "all",   "about", "into",
    "its",  "their", "they", "who",  "what", "where", "here", "there", "has",   "have",
    "was",  "were",  "but",  "not",  "any",  "more",  "most", "some",  "one",   "out",
    "how",  "why",   "when", "can",  "just", "also"};

bool is_stop(std::string_view w) {
  return w.size() < 2 || std::find(kStopWords.begin(), kStopWords.end(), w) != kStopWords.end();
}

}  // namespace

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty() && !is_stop(current)) out.push_back(current);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    // A capital after a lower-case letter or digit starts a new CamelCase piece.
    if (std::isupper(c) && i > 0 &&
        (std::islower(static_cast<unsigned char>(text[i - 1])) ||
         std::isdigit(static_cast<unsigned char>(text[i - 1])))) {
      flush();
    }
    current += static_cast<char>(std::tolower(c));
  }
  flush();
  return out;
}

}  // namespace zipp::verbalize::builtin
