#include "graph/ingest/gml_tokenizer.h"

#include <array>
#include <cctype>
#include <charconv>

#include "core/check.h"

namespace zipp::graph {
namespace {

bool is_key_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

void append_utf8(std::uint32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The code point of "#38" or "#x26" (the text between '&' and ';'), or none.
std::optional<std::uint32_t> numeric_reference(std::string_view body) {
  if (body.size() < 2 || body[0] != '#') return std::nullopt;
  body.remove_prefix(1);
  int base = 10;
  if (body[0] == 'x' || body[0] == 'X') {
    base = 16;
    body.remove_prefix(1);
  }
  std::uint32_t code = 0;
  const auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), code, base);
  if (body.empty() || error != std::errc() || end != body.data() + body.size() || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    return std::nullopt;
  }
  return code;
}

}  // namespace

std::string_view gml_token_kind_name(GmlTokenKind kind) {
  switch (kind) {
    case GmlTokenKind::kKey:
      return "key";
    case GmlTokenKind::kInteger:
      return "integer";
    case GmlTokenKind::kReal:
      return "real";
    case GmlTokenKind::kString:
      return "string";
    case GmlTokenKind::kOpen:
      return "'['";
    case GmlTokenKind::kClose:
      return "']'";
    case GmlTokenKind::kEnd:
      return "end of file";
  }
  return "?";
}

std::string decode_gml_entities(std::string_view raw) {
  static constexpr std::array<std::pair<std::string_view, char>, 5> kNamed = {
      {{"amp", '&'}, {"quot", '"'}, {"lt", '<'}, {"gt", '>'}, {"apos", '\''}}};
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    const std::size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(raw.substr(i));
      break;
    }
    out.append(raw.substr(i, amp - i));
    const std::size_t semi = raw.find(';', amp + 1);
    constexpr std::size_t kLongest = 10;  // "#x10FFFF" and the named ones fit
    if (semi == std::string_view::npos || semi - amp - 1 > kLongest) {
      out += '&';
      i = amp + 1;
      continue;
    }
    const std::string_view body = raw.substr(amp + 1, semi - amp - 1);
    bool decoded = false;
    if (const auto code = numeric_reference(body)) {
      append_utf8(*code, out);
      decoded = true;
    }
    for (const auto& [name, c] : kNamed) {
      if (!decoded && body == name) {
        out += c;
        decoded = true;
      }
    }
    if (decoded) {
      i = semi + 1;
    } else {
      out += '&';
      i = amp + 1;
    }
  }
  return out;
}

GmlTokenizer::GmlTokenizer(const std::string& path) : input_(path) {}

std::string GmlTokenizer::where(std::int64_t line) const { return core::str(path(), ':', line); }

bool GmlTokenizer::fill_line() {
  if (at_end_) return false;
  if (!input_.next_line(line_)) {
    at_end_ = true;
    line_ = {};
    return false;
  }
  line_number_ = input_.line_number();
  return true;
}

GmlToken GmlTokenizer::next() {
  while (true) {
    while (!line_.empty() && is_space(line_.front())) line_.remove_prefix(1);
    if (line_.empty() || line_.front() == '#') {
      if (!fill_line()) return GmlToken{GmlTokenKind::kEnd, {}, line_number_};
      continue;
    }
    break;
  }
  const char c = line_.front();
  const std::int64_t line = line_number_;
  if (c == '[' || c == ']') {
    line_.remove_prefix(1);
    return GmlToken{c == '[' ? GmlTokenKind::kOpen : GmlTokenKind::kClose, {}, line};
  }
  if (c == '"') return read_string();
  std::size_t end = 1;
  if (is_key_start(c)) {
    while (end < line_.size() && is_key_char(line_[end])) ++end;
    const std::string_view key = line_.substr(0, end);
    line_.remove_prefix(end);
    // networkx writes infinity and NaN as the bare words INF, -INF and NAN.
    if (key == "INF" || key == "NAN") return GmlToken{GmlTokenKind::kReal, key, line};
    return GmlToken{GmlTokenKind::kKey, key, line};
  }
  if (c == '+' || c == '-' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
    while (end < line_.size() && !is_space(line_[end]) && line_[end] != '[' && line_[end] != ']' &&
           line_[end] != '#' && line_[end] != '"') {
      ++end;
    }
    const std::string_view text = line_.substr(0, end);
    line_.remove_prefix(end);
    const std::string_view digits = text.starts_with('+') ? text.substr(1) : text;
    const char* first = digits.data();
    const char* last = first + digits.size();
    std::int64_t integer = 0;
    const auto as_integer = std::from_chars(first, last, integer);
    if (as_integer.ec == std::errc() && as_integer.ptr == last) {
      return GmlToken{GmlTokenKind::kInteger, text, line};
    }
    double real = 0;
    const auto as_real = std::from_chars(first, last, real);
    ZIPP_CHECK_T(
        core::InputError,
        !digits.empty() && as_real.ptr == last && as_real.ec != std::errc::invalid_argument,
        where(line), ": malformed number ", core::quoted(text));
    return GmlToken{GmlTokenKind::kReal, text, line};
  }
  throw core::InputError(core::str(where(line), ": unexpected character ",
                                   core::quoted(line_.substr(0, 1)),
                                   " (expected a key, a number, a string, '[' or ']')"));
}

GmlToken GmlTokenizer::read_string() {
  const std::int64_t start = line_number_;
  line_.remove_prefix(1);  // the opening quote
  std::string raw;
  while (true) {
    const std::size_t quote = line_.find('"');
    if (quote != std::string_view::npos) {
      raw.append(line_.substr(0, quote));
      line_.remove_prefix(quote + 1);
      break;
    }
    raw.append(line_);
    raw += '\n';
    ZIPP_CHECK_T(core::InputError, fill_line(), where(start),
                 ": string not closed before the end of the file");
  }
  text_ = raw.find('&') == std::string::npos ? std::move(raw) : decode_gml_entities(raw);
  return GmlToken{GmlTokenKind::kString, text_, start};
}

}  // namespace zipp::graph
