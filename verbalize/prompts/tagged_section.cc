#include "verbalize/prompts/tagged_section.h"

#include "core/str.h"

namespace zipp::verbalize {

std::string tagged(std::string_view tag, std::string_view body) {
  return core::str("<", tag, ">\n", body, "\n</", tag, ">");
}

std::optional<std::string_view> find_tagged(std::string_view text, std::string_view tag) {
  const std::string open = core::str("<", tag, ">");
  const std::string close = core::str("</", tag, ">");
  const auto begin = text.find(open);
  if (begin == std::string_view::npos) return std::nullopt;
  const auto body_begin = begin + open.size();
  const auto end = text.find(close, body_begin);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view body = text.substr(body_begin, end - body_begin);
  if (!body.empty() && body.front() == '\n') body.remove_prefix(1);
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  return body;
}

}  // namespace zipp::verbalize
