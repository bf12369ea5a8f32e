#include "graph/ingest/subreddit_metadata.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <simdjson.h>

#include "core/check.h"
#include "core/log.h"
#include "core/text/ascii_case.h"
#include "graph/ingest/compressed_input.h"
#include "graph/ingest/delimited_line.h"

namespace zipp::graph {
namespace {

bool is_ndjson(std::string_view path) {
  std::string name = core::ascii_lower(path);
  for (std::string_view compressed : {".gz", ".zst"}) {
    if (name.ends_with(compressed)) name.resize(name.size() - compressed.size());
  }
  return name.ends_with(".ndjson") || name.ends_with(".jsonl") || name.ends_with(".json");
}

// TSV descriptions may carry \n, \t and \\ escapes (a description can have several lines).
std::string unescape_tsv(std::string_view text) {
  if (text.find('\\') == std::string_view::npos) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char next = text[i + 1];
      if (next == 'n' || next == 't' || next == '\\') {
        out += next == 'n' ? '\n' : next == 't' ? '\t' : '\\';
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

class MetadataReader {
 public:
  MetadataReader(SubredditMetadata& metadata, ReadReport& report)
      : metadata_(metadata), report_(report) {}

  void read_ndjson(CompressedInput& input) {
    simdjson::dom::parser parser;
    std::string_view line;
    while (input.next_line(line)) {
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      report_.count_record();
      const std::int64_t number = input.line_number();
      simdjson::dom::element doc;
      if (const auto error = parser.parse(line.data(), line.size()).get(doc)) {
        report_.add_malformed(number, "invalid_json", simdjson::error_message(error));
        continue;
      }
      simdjson::dom::object object;
      if (doc.get_object().get(object)) {
        report_.add_malformed(number, "not_an_object", "expected a JSON object");
        continue;
      }
      const auto name = string_field(object, {"display_name", "name"});
      if (!name || name->empty()) {
        report_.add_malformed(number, "missing_name",
                              "no string \"display_name\" or \"name\" field");
        continue;
      }
      std::string description;
      bool bad = false;
      for (const char* key : {"public_description", "description"}) {
        simdjson::dom::element value;
        if (object.at_key(key).get(value) || value.is_null()) continue;
        std::string_view text;
        if (value.get_string().get(text)) {
          bad = true;
          report_.add_malformed(number, "bad_description",
                                core::str("\"", key, "\" is not a string"));
          break;
        }
        if (!text.empty()) {
          description = text;
          break;
        }
      }
      if (!bad) add(number, *name, std::move(description));
    }
  }

  void read_table(CompressedInput& input, DelimitedFormat format) {
    std::vector<std::string> fields;
    std::string_view line;
    bool first = true;
    while (input.next_line(line)) {
      const std::int64_t number = input.line_number();
      if (number == 1) line = strip_bom(line);
      if (line.empty() || line.front() == '#') continue;
      const std::string_view problem =
          split_delimited(line, format.delimiter, format.quoting, fields);
      if (first && problem.empty() && fields.size() == 2 && is_header(fields)) {
        first = false;
        continue;
      }
      first = false;
      report_.count_record();
      if (!problem.empty()) {
        report_.add_malformed(number, problem, "in the name or description field");
      } else if (fields.size() != 2) {
        report_.add_malformed(
            number, "wrong_field_count",
            core::str("expected 2 fields (name, description), found ", fields.size()));
      } else if (strip_subreddit_prefix(fields[0]).empty()) {
        report_.add_malformed(number, "missing_name", "the name field is empty");
      } else {
        add(number, fields[0],
            format.quoting == Quoting::kNone ? unescape_tsv(fields[1]) : std::move(fields[1]));
      }
    }
  }

 private:
  static bool is_header(const std::vector<std::string>& fields) {
    const std::string name = core::ascii_lower(fields[0]);
    return (name == "name" || name == "subreddit") && core::ascii_lower(fields[1]) == "description";
  }

  static std::optional<std::string_view> string_field(const simdjson::dom::object& object,
                                                      std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
      std::string_view text;
      if (!object.at_key(key).get_string().get(text) && !text.empty()) return text;
    }
    return std::nullopt;
  }

  void add(std::int64_t line, std::string_view raw_name, std::string description) {
    const std::string name(strip_subreddit_prefix(raw_name));
    if (!metadata_.descriptions.try_emplace(name, std::move(description)).second) {
      report_.add_malformed(line, "duplicate_name",
                            core::str("subreddit ", core::quoted(name),
                                      " was described before (the first one is kept)"));
    }
  }

  SubredditMetadata& metadata_;
  ReadReport& report_;
};

}  // namespace

std::string_view strip_subreddit_prefix(std::string_view name) {
  if (name.starts_with("/r/")) return name.substr(3);
  if (name.starts_with("r/")) return name.substr(2);
  return name;
}

SubredditMetadata read_subreddit_metadata(const std::string& path, double max_malformed_fraction,
                                          ReadReport* report) {
  ReadReport local;
  ReadReport& out = report != nullptr ? *report : local;
  const bool ndjson = is_ndjson(path);
  const DelimitedFormat table_format = format_from_extension(path);
  ZIPP_CHECK_T(core::ConfigError, ndjson || table_format.delimiter != '\0', "subreddit metadata ",
               core::quoted(path),
               ": cannot tell the format from the extension (expected .ndjson, .jsonl, .json, "
               ".tsv, .tab, .txt or .csv, optionally .gz/.zst)");
  CompressedInput input(path);
  out.begin_file(path);
  SubredditMetadata metadata;
  MetadataReader reader(metadata, out);
  if (ndjson) {
    reader.read_ndjson(input);
  } else {
    reader.read_table(input, table_format);
  }
  ZIPP_LOG_INFO("subreddit metadata ", path, ": ", metadata.descriptions.size(), " subreddits");
  if (out.malformed() > 0) ZIPP_LOG_WARN("subreddit metadata: ", out.malformed_summary());
  check_malformed_limit(out, max_malformed_fraction, "ingest.max_malformed_fraction");
  return metadata;
}

}  // namespace zipp::graph
