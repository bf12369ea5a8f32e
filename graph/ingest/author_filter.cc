#include "graph/ingest/author_filter.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "core/str.h"
#include "core/text/ascii_case.h"

namespace zipp::graph {
namespace {

std::string_view trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

}  // namespace

AuthorFilter::AuthorFilter(const std::vector<std::string>& drop_authors,
                           const std::vector<std::string>& bots) {
  for (const std::string& name : drop_authors) drop_authors_.insert(core::ascii_lower(name));
  for (const std::string& name : bots) bots_.insert(core::ascii_lower(name));
}

AuthorVerdict AuthorFilter::check(std::string_view author) const {
  const std::string key = core::ascii_lower(author);
  if (drop_authors_.contains(key)) return AuthorVerdict::kDroppedAuthor;
  if (bots_.contains(key)) return AuthorVerdict::kDroppedBot;
  return AuthorVerdict::kKeep;
}

std::vector<std::string> read_bot_list(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw core::IoError(
        core::str("cannot open bot list ", core::quoted(path), ": ", std::strerror(errno)));
  }
  std::vector<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    std::string_view text = line;
    const std::size_t comment = text.find('#');
    if (comment != std::string_view::npos) text = text.substr(0, comment);
    text = trim(text);
    if (!text.empty()) names.emplace_back(text);
  }
  if (in.bad()) throw core::IoError(core::str("cannot read bot list ", core::quoted(path)));
  return names;
}

}  // namespace zipp::graph
