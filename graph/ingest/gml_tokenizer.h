// A streaming tokenizer for GML (Graph Modelling Language) as networkx writes it: keys,
// integers, reals, quoted strings and the brackets of nested lists, read line by line from a
// plain or compressed file (graph/ingest/compressed_input.h) so a large network never sits in
// memory. Strings may span lines; character references (&#38;, &#x26;) and the XML named entities
// (&amp; &quot; &lt; &gt; &apos;) in them are decoded, as networkx's reader does. '#' starts a
// comment outside strings. Syntax errors are InputErrors naming file:line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "graph/ingest/compressed_input.h"

namespace zipp::graph {

enum class GmlTokenKind { kKey, kInteger, kReal, kString, kOpen, kClose, kEnd };

// "key", "integer", "real", "string", "'['", "']'", "end of file".
std::string_view gml_token_kind_name(GmlTokenKind kind);

struct GmlToken {
  GmlTokenKind kind = GmlTokenKind::kEnd;
  std::string_view text;  // the key, the number's digits or the decoded string
  std::int64_t line = 0;  // where the token starts
};

class GmlTokenizer {
 public:
  explicit GmlTokenizer(const std::string& path);

  // The next token; its text stays valid until the next call.
  GmlToken next();

  const std::string& path() const { return input_.path(); }
  // "file:line" of the line being read, for messages.
  std::string where(std::int64_t line) const;

 private:
  bool fill_line();
  GmlToken read_string();

  CompressedInput input_;
  std::string_view line_;  // the rest of the current line
  std::int64_t line_number_ = 0;
  bool at_end_ = false;
  std::string text_;  // a decoded string token
};

// Decodes the character references and named XML entities of a GML string; an unknown or
// malformed reference is kept as written.
std::string decode_gml_entities(std::string_view raw);

}  // namespace zipp::graph
