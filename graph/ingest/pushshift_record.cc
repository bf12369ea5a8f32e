#include "graph/ingest/pushshift_record.h"

#include <charconv>
#include <cmath>

#include <simdjson.h>

#include "graph/ingest/compressed_input.h"

namespace zipp::graph {
namespace {

static_assert(CompressedInput::kLinePadding >= simdjson::SIMDJSON_PADDING,
              "lines must carry simdjson's padding so they can be parsed in place");

using simdjson::dom::element;
using simdjson::dom::element_type;

std::optional<std::int64_t> from_double(double value) {
  // 2^63 as a double: anything at or past it does not fit.
  if (!std::isfinite(value) || value < -9.2233720368547758e18 || value >= 9.2233720368547758e18) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::floor(value));
}

std::optional<std::int64_t> created_utc_of(const element& value) {
  switch (value.type()) {
    case element_type::INT64:
      return value.get_int64().value_unsafe();
    case element_type::UINT64:
      return std::nullopt;  // past int64
    case element_type::DOUBLE:
      return from_double(value.get_double().value_unsafe());
    case element_type::STRING:
      return parse_created_utc_text(value.get_string().value_unsafe());
    default:
      return std::nullopt;
  }
}

// A string field that may also be absent or null (then empty); false for any other type.
bool optional_string(const element& value, std::string_view& out) {
  if (value.type() == element_type::STRING) {
    out = value.get_string().value_unsafe();
    return true;
  }
  return value.type() == element_type::NULL_VALUE;
}

}  // namespace

std::optional<std::int64_t> parse_created_utc_text(std::string_view text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  std::int64_t whole = 0;
  const auto [stop, error] = std::from_chars(begin, end, whole);
  if (error == std::errc() && stop == end && stop != begin) return whole;
  double value = 0;
  const auto [stop_double, error_double] =
      std::from_chars(begin, end, value, std::chars_format::fixed);
  if (error_double != std::errc() || stop_double != end || stop_double == begin) {
    return std::nullopt;
  }
  return from_double(value);
}

struct RecordParser::Impl {
  simdjson::dom::parser parser;
};

RecordParser::RecordParser() : impl_(std::make_unique<Impl>()) {}
RecordParser::~RecordParser() = default;

std::optional<MalformedReason> RecordParser::parse(std::string_view line, PushshiftRecord& record) {
  element document;
  if (impl_->parser.parse(line.data(), line.size(), false).get(document) != simdjson::SUCCESS ||
      document.type() != element_type::OBJECT) {
    return MalformedReason::kInvalidJson;
  }
  record = PushshiftRecord{};
  bool has_author = false;
  bool has_subreddit = false;
  bool has_created = false;
  bool has_title = false;
  bool has_comment_field = false;
  bool bad_created = false;
  bool bad_field = false;
  bool bad_author = false;
  bool bad_subreddit = false;
  const simdjson::dom::object object = document.get_object().value_unsafe();
  for (const simdjson::dom::key_value_pair field : object) {
    const std::string_view key = field.key;
    const element& value = field.value;
    switch (key.size()) {
      case 3:
        if (key == "url") bad_field |= !optional_string(value, record.url);
        break;
      case 4:
        if (key == "body") has_comment_field = true;
        break;
      case 5:
        if (key == "title") {
          has_title = true;
          bad_field |= !optional_string(value, record.title);
        }
        break;
      case 6:
        if (key == "author") {
          has_author = true;
          bad_author = value.type() != element_type::STRING;
          if (!bad_author) record.author = value.get_string().value_unsafe();
        }
        break;
      case 7:
        if (key == "link_id") {
          has_comment_field = true;
        } else if (key == "over_18") {
          if (value.type() == element_type::BOOL) {
            record.over_18 = value.get_bool().value_unsafe();
          } else {
            bad_field |= value.type() != element_type::NULL_VALUE;
          }
        }
        break;
      case 9:
        if (key == "subreddit") {
          has_subreddit = true;
          bad_subreddit = value.type() != element_type::STRING;
          if (!bad_subreddit) record.subreddit = value.get_string().value_unsafe();
        } else if (key == "post_hint") {
          bad_field |= !optional_string(value, record.post_hint);
        }
        break;
      case 11:
        if (key == "created_utc") {
          has_created = true;
          const std::optional<std::int64_t> created = created_utc_of(value);
          bad_created = !created.has_value();
          record.created_utc = created.value_or(0);
        }
        break;
      default:
        break;
    }
  }
  if (!has_author || bad_author || record.author.empty()) return MalformedReason::kMissingAuthor;
  if (!has_subreddit || bad_subreddit || record.subreddit.empty()) {
    return MalformedReason::kMissingSubreddit;
  }
  if (!has_created || bad_created) return MalformedReason::kBadCreatedUtc;
  if (bad_field) return MalformedReason::kBadField;
  if (has_title) {
    record.kind = RecordKind::kSubmission;
  } else if (has_comment_field) {
    record.kind = RecordKind::kComment;
  } else {
    return MalformedReason::kUnknownKind;
  }
  return std::nullopt;
}

}  // namespace zipp::graph
