#include "core/config/value_codec.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "core/str.h"
#include "core/text/ascii_case.h"
#include "core/text/edit_distance.h"

namespace zipp::core::config {
namespace {

// A user's value in a message; very long values are cut so the message stays readable.
std::string shown(std::string_view text) {
  constexpr std::size_t kMax = 80;
  if (text.size() <= kMax) return core::quoted(text);
  return core::quoted(str(text.substr(0, kMax), "..."));
}

std::string found(const RawValue& raw) {
  switch (raw.kind) {
    case RawKind::kNull:
      return "nothing (an empty value)";
    case RawKind::kScalar:
      return shown(raw.scalar);
    case RawKind::kList:
      return str("a list of ", raw.items.size(), " item", raw.items.size() == 1 ? "" : "s");
  }
  return "an unknown value";
}

// "" when raw is a scalar; otherwise the problem, with a hint when the fix is mechanical.
std::string need_scalar(const RawValue& raw, std::string_view what) {
  if (raw.kind == RawKind::kScalar) return {};
  return str("expected ", what, ", found ", found(raw));
}

std::string need_list(const RawValue& raw, std::string_view what) {
  if (raw.kind == RawKind::kList) return {};
  std::string problem = str("expected ", what, ", found ", found(raw));
  if (raw.kind == RawKind::kScalar) problem += str(" (write [", raw.scalar, "] for one item)");
  if (raw.kind == RawKind::kNull) problem += " (write [] for an empty list)";
  return problem;
}

template <class Int>
std::string parse_int(std::string_view text, Int& out, std::string_view what) {
  std::string_view digits = text;
  if (digits.starts_with('+')) digits.remove_prefix(1);
  std::string bad = str("expected ", what, ", found ", shown(text));
  if (digits.empty() || digits.front() == '+' ||
      (text.starts_with('+') && digits.starts_with('-'))) {
    return bad;
  }
  if (std::is_unsigned_v<Int> && digits.starts_with('-')) return bad + " (negative)";
  Int value{};
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range && end == digits.data() + digits.size()) {
    return str(bad, " (out of range ", +std::numeric_limits<Int>::min(), "..",
               +std::numeric_limits<Int>::max(), ")");
  }
  if (ec != std::errc() || end != digits.data() + digits.size()) return bad;
  out = value;
  return {};
}

std::string parse_double(std::string_view text, double& out) {
  constexpr std::string_view kWhat = "a number (double)";
  const std::string word = ascii_lower(text);
  if (word == ".inf" || word == "+.inf") {
    out = std::numeric_limits<double>::infinity();
    return {};
  }
  if (word == "-.inf") {
    out = -std::numeric_limits<double>::infinity();
    return {};
  }
  if (word == ".nan") {
    out = std::numeric_limits<double>::quiet_NaN();
    return {};
  }
  std::string_view digits = text;
  if (digits.starts_with('+')) digits.remove_prefix(1);
  std::string bad = str("expected ", kWhat, ", found ", shown(text));
  if (digits.empty() || digits.front() == '+' ||
      (text.starts_with('+') && digits.starts_with('-'))) {
    return bad;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (end != digits.data() + digits.size()) return bad;
  if (ec == std::errc::result_out_of_range) return bad + " (out of range for a double)";
  if (ec != std::errc()) return bad;
  out = value;
  return {};
}

std::string parse_bool(std::string_view text, bool& out) {
  const std::string word = ascii_lower(text);
  if (word == "true" || word == "yes" || word == "on") {
    out = true;
    return {};
  }
  if (word == "false" || word == "no" || word == "off") {
    out = false;
    return {};
  }
  return str("expected a boolean (true/false, yes/no, on/off), found ", shown(text));
}

template <class T>
std::string decode_scalar(const RawValue& raw, T& out, std::string_view what,
                          std::string (*parse)(std::string_view, T&, std::string_view)) {
  if (std::string problem = need_scalar(raw, what); !problem.empty()) return problem;
  return parse(raw.scalar, out, what);
}

template <class T, class Parse>
std::string decode_list(const RawValue& raw, std::vector<T>& out, std::string_view what,
                        Parse parse) {
  if (std::string problem = need_list(raw, what); !problem.empty()) return problem;
  std::vector<T> values(raw.items.size());
  for (std::size_t i = 0; i < raw.items.size(); ++i) {
    if (std::string problem = parse(raw.items[i], values[i]); !problem.empty()) {
      return str("item ", i + 1, " of the list: ", problem);
    }
  }
  out = std::move(values);
  return {};
}

std::string format_double(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  // "25" would read back as a double too, but "25.0" tells a reader the key takes fractions.
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

FormattedValue scalar(std::string text, ScalarStyle style = ScalarStyle::kPlain) {
  return FormattedValue{ValueShape::kScalar, {ScalarText{std::move(text), style}}};
}

template <class T, class Format>
FormattedValue list(const std::vector<T>& values, Format format) {
  FormattedValue out{ValueShape::kList, {}};
  for (const T& value : values) out.items.push_back(format(value));
  return out;
}

}  // namespace

std::string decode(const RawValue& raw, bool& out) {
  constexpr std::string_view kWhat = "a boolean (true/false, yes/no, on/off)";
  if (std::string problem = need_scalar(raw, kWhat); !problem.empty()) return problem;
  return parse_bool(raw.scalar, out);
}

std::string decode(const RawValue& raw, std::int32_t& out) {
  return decode_scalar<std::int32_t>(raw, out, "an integer (int32)", parse_int<std::int32_t>);
}

std::string decode(const RawValue& raw, std::int64_t& out) {
  return decode_scalar<std::int64_t>(raw, out, "an integer (int64)", parse_int<std::int64_t>);
}

std::string decode(const RawValue& raw, std::uint64_t& out) {
  return decode_scalar<std::uint64_t>(raw, out, "a non-negative integer (uint64)",
                                      parse_int<std::uint64_t>);
}

std::string decode(const RawValue& raw, double& out) {
  if (std::string problem = need_scalar(raw, "a number (double)"); !problem.empty()) return problem;
  return parse_double(raw.scalar, out);
}

std::string decode(const RawValue& raw, std::string& out) {
  if (raw.kind == RawKind::kNull) {
    out.clear();
    return {};
  }
  if (std::string problem = need_scalar(raw, "a string"); !problem.empty()) return problem;
  out = raw.scalar;
  return {};
}

std::string decode(const RawValue& raw, std::vector<std::string>& out) {
  return decode_list<std::string>(raw, out, "a list of strings",
                                  [](const std::string& item, std::string& value) {
                                    value = item;
                                    return std::string();
                                  });
}

std::string decode(const RawValue& raw, std::vector<std::int64_t>& out) {
  return decode_list<std::int64_t>(raw, out, "a list of integers (int64)",
                                   [](const std::string& item, std::int64_t& value) {
                                     return parse_int(item, value, "an integer (int64)");
                                   });
}

std::string decode(const RawValue& raw, std::vector<double>& out) {
  return decode_list<double>(raw, out, "a list of numbers (double)", parse_double);
}

FormattedValue encode(bool value) { return scalar(value ? "true" : "false"); }
FormattedValue encode(std::int32_t value) { return scalar(std::to_string(value)); }
FormattedValue encode(std::int64_t value) { return scalar(std::to_string(value)); }
FormattedValue encode(std::uint64_t value) { return scalar(std::to_string(value)); }
FormattedValue encode(double value) { return scalar(format_double(value)); }
FormattedValue encode(const std::string& value) { return scalar(value, ScalarStyle::kString); }

FormattedValue encode(const std::vector<std::string>& value) {
  return list(value, [](const std::string& item) {
    return ScalarText{item, ScalarStyle::kString};
  });
}

FormattedValue encode(const std::vector<std::int64_t>& value) {
  return list(value, [](std::int64_t item) { return ScalarText{std::to_string(item)}; });
}

FormattedValue encode(const std::vector<double>& value) {
  return list(value, [](double item) { return ScalarText{format_double(item)}; });
}

std::string check_choice(const std::string& value, const std::vector<std::string>& choices) {
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return {};
  std::string problem = "expected one of ";
  for (std::size_t i = 0; i < choices.size(); ++i) {
    problem += (i > 0 ? ", " : "") + core::quoted(choices[i]);
  }
  problem += ", found " + shown(value);
  if (const auto near = text::nearest(value, choices); near) {
    problem += "; did you mean " + core::quoted(*near) + "?";
  }
  return problem;
}

bool needs_quotes(std::string_view text) {
  if (text.empty()) return true;
  const std::string word = ascii_lower(text);
  if (word == "~" || word == "null") return true;
  bool flag = false;
  if (parse_bool(text, flag).empty()) return true;
  double number = 0;
  return parse_double(text, number).empty();
}

}  // namespace zipp::core::config
