// Word splitting for the builtin LLM backend: lower-case words of letters and digits, with
// CamelCase names split into their pieces ("AnalogFilmLovers" -> analog, film, lovers) and a few
// English function words dropped, so subreddit names, descriptions and comments share one
// vocabulary.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zipp::verbalize::builtin {

std::vector<std::string> words(std::string_view text);

// `text` lower-cased (ASCII), for phrase matching.
std::string lower_ascii(std::string_view text);

}  // namespace zipp::verbalize::builtin
