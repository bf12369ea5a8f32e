// Tagged sections: how placeholder values sit in a rendered prompt ("<evidence>\n...\n
// </evidence>"), so a reader (the builtin LLM backend, a person debugging a prompt) finds each
// value whatever the template's wording around it. LLMs read such tags well.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zipp::verbalize {

// "<tag>\n<body>\n</tag>".
std::string tagged(std::string_view tag, std::string_view body);

// The body of the first "<tag>" ... "</tag>" in `text`, without the newlines next to the tags;
// nullopt when there is none.
std::optional<std::string_view> find_tagged(std::string_view text, std::string_view tag);

}  // namespace zipp::verbalize
