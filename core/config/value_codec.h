// Strict conversions between raw configuration values and the member types a section may use:
// bool, int32_t, int64_t, uint64_t, double, std::string and lists of strings, int64 and doubles.
// "1.5" is not an integer, "abc" is not a number, -1 is not a uint64, and a scalar is not a list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/value.h"

namespace zipp::core::config {

// The type names shown in `zipp config keys`; empty for types a section may not use.
template <class T>
inline constexpr std::string_view kTypeName{};
template <>
inline constexpr std::string_view kTypeName<bool> = "bool";
template <>
inline constexpr std::string_view kTypeName<std::int32_t> = "int32";
template <>
inline constexpr std::string_view kTypeName<std::int64_t> = "int64";
template <>
inline constexpr std::string_view kTypeName<std::uint64_t> = "uint64";
template <>
inline constexpr std::string_view kTypeName<double> = "double";
template <>
inline constexpr std::string_view kTypeName<std::string> = "string";
template <>
inline constexpr std::string_view kTypeName<std::vector<std::string>> = "list<string>";
template <>
inline constexpr std::string_view kTypeName<std::vector<std::int64_t>> = "list<int64>";
template <>
inline constexpr std::string_view kTypeName<std::vector<double>> = "list<double>";

template <class T>
concept ConfigValue = !kTypeName<T>.empty();

// Each decode returns "" and sets `out` when `raw` is a valid value of the type; otherwise it
// returns "expected <what>, found <what was written>" and leaves `out` alone. A null value is
// the empty string for std::string and an error for every other type.
std::string decode(const RawValue& raw, bool& out);
std::string decode(const RawValue& raw, std::int32_t& out);
std::string decode(const RawValue& raw, std::int64_t& out);
std::string decode(const RawValue& raw, std::uint64_t& out);
std::string decode(const RawValue& raw, double& out);
std::string decode(const RawValue& raw, std::string& out);
std::string decode(const RawValue& raw, std::vector<std::string>& out);
std::string decode(const RawValue& raw, std::vector<std::int64_t>& out);
std::string decode(const RawValue& raw, std::vector<double>& out);

// The inverse: text that decodes back to the same value (doubles round-trip exactly).
FormattedValue encode(bool value);
FormattedValue encode(std::int32_t value);
FormattedValue encode(std::int64_t value);
FormattedValue encode(std::uint64_t value);
FormattedValue encode(double value);
FormattedValue encode(const std::string& value);
FormattedValue encode(const std::vector<std::string>& value);
FormattedValue encode(const std::vector<std::int64_t>& value);
FormattedValue encode(const std::vector<double>& value);

// "" when `value` is one of `choices`, else "expected one of 'a', 'b', found 'c'" with a
// suggestion when one is near.
std::string check_choice(const std::string& value, const std::vector<std::string>& choices);

// True when a string written without quotes would be read back as something else: empty, null,
// a boolean or a number.
bool needs_quotes(std::string_view text);

}  // namespace zipp::core::config
