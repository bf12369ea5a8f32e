// Splits one line of a TSV or CSV file into fields. CSV follows RFC 4180 within a line: a field
// may be quoted ("a,b"), a doubled quote inside stands for one (""), and spaces around an
// unquoted field are dropped. TSV fields are taken literally (tabs cannot occur inside them), as
// the IANA text/tab-separated-values format has it. A quoted field cannot span lines: the readers
// are line-based, so such a record is reported as malformed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zipp::graph {

enum class Quoting { kNone, kCsv };

// The delimiter and quoting a file's name implies, after dropping a .gz or .zst suffix: .csv is
// comma with quoting, .tsv / .tab / .txt are tab without; anything else is empty ('\0').
struct DelimitedFormat {
  char delimiter = '\0';
  Quoting quoting = Quoting::kNone;
};
DelimitedFormat format_from_extension(std::string_view path);

// Fills `fields`; returns "" or the reason the line is malformed ("unterminated_quote",
// "text_after_quote") for the readers' reports.
std::string_view split_delimited(std::string_view line, char delimiter, Quoting quoting,
                                 std::vector<std::string>& fields);

// The line without a leading UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view line);

}  // namespace zipp::graph
