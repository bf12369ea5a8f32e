// Reads (user, subreddit, posts, comments) edge lists, TSV or CSV, plain or compressed
// (graph/ingest/compressed_input.h), into an EdgeTable (docs/formats.md "Edge list"). A first
// line that names the columns (user, subreddit, posts, comments, in any order and case) is a
// header; without one the columns are in that order. Empty lines and lines starting with '#' are
// skipped. A row that repeats a (user, subreddit) pair adds to its counts.
//
// Malformed rows are counted by reason in the ReadReport, each example named by file:line:
// wrong_field_count, empty_user, empty_subreddit, bad_count (not an integer in [0, 2^31)),
// zero_interactions (posts + comments = 0), unterminated_quote, text_after_quote. More than
// max_malformed_fraction of malformed rows is an InputError, raised after every file was read and
// the report filled.
#pragma once

#include <span>
#include <string>

#include "graph/ingest/edge_table.h"
#include "graph/ingest/read_report.h"

namespace zipp::graph {

enum class Delimiter { kAuto, kTab, kComma };

struct EdgeListOptions {
  Delimiter delimiter = Delimiter::kAuto;  // kAuto: from each file's extension
  double max_malformed_fraction = 0.001;
};

// "auto", "tab", "comma" and back; ConfigError for another name.
Delimiter parse_delimiter(const std::string& name);

// IoError for a missing file, ConfigError when the delimiter is kAuto and a file's extension
// implies none (name it .tsv or .csv, or set the delimiter).
EdgeTable read_edge_lists(std::span<const std::string> paths, const EdgeListOptions& options,
                          ReadReport* report = nullptr);

}  // namespace zipp::graph
