// The token estimate that measures the evidence budget (docs/personas.md "Evidence"): a
// word-piece-like count that needs no tokenizer file. Every maximal run of ASCII letters and
// digits (bytes >= 0x80 count as letters, so UTF-8 words stay whole) costs ceil(length / 4)
// tokens; every other non-whitespace byte (punctuation, symbols) costs one; whitespace is free.
// Real BPE tokenizers give English prose about 1.3 tokens per word; this gives 1.2 to 1.6, and
// more for punctuation-heavy text, so a budget measured with it errs on the safe side.
#pragma once

#include <cstdint>
#include <string_view>

namespace zipp::verbalize {

std::int64_t estimate_tokens(std::string_view text);

// The longest prefix of `text` that costs at most `max_tokens`, cut at whitespace (a word is never
// split), with trailing whitespace removed. Empty when not even the first word fits.
std::string_view prefix_within_tokens(std::string_view text, std::int64_t max_tokens);

}  // namespace zipp::verbalize
