#include "graph/ingest/delimited_line.h"

#include <algorithm>
#include <cctype>

#include "core/text/ascii_case.h"

namespace zipp::graph {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         core::ascii_lower(text.substr(text.size() - suffix.size())) == suffix;
}

}  // namespace

DelimitedFormat format_from_extension(std::string_view path) {
  for (std::string_view compressed : {".gz", ".zst"}) {
    if (ends_with(path, compressed)) path.remove_suffix(compressed.size());
  }
  if (ends_with(path, ".csv")) return {',', Quoting::kCsv};
  for (std::string_view tab : {".tsv", ".tab", ".txt"}) {
    if (ends_with(path, tab)) return {'\t', Quoting::kNone};
  }
  return {};
}

std::string_view split_delimited(std::string_view line, char delimiter, Quoting quoting,
                                 std::vector<std::string>& fields) {
  fields.clear();
  if (quoting == Quoting::kNone) {
    std::size_t start = 0;
    while (true) {
      const std::size_t end = line.find(delimiter, start);
      fields.emplace_back(line.substr(start, end == std::string_view::npos ? end : end - start));
      if (end == std::string_view::npos) return {};
      start = end + 1;
    }
  }
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i < line.size() && line[i] == '"') {
      std::string field;
      ++i;
      while (true) {
        if (i >= line.size()) return "unterminated_quote";
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      while (i < line.size() && line[i] == ' ') ++i;
      if (i < line.size() && line[i] != delimiter) return "text_after_quote";
      fields.push_back(std::move(field));
    } else {
      const std::size_t end = std::min(line.find(delimiter, i), line.size());
      fields.emplace_back(trim(line.substr(i, end - i)));
      i = end;
    }
    if (i >= line.size()) return {};
    ++i;  // the delimiter
  }
}

std::string_view strip_bom(std::string_view line) {
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  return line;
}

}  // namespace zipp::graph
