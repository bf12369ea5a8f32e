// An API key that cannot leak by accident: it streams as "<redacted>", is read from the
// environment variable the configuration names (never from the configuration itself), and
// redact() scrubs it from any text (a server's error message, say) before that text is logged or
// recorded. docs/personas.md "LLM client".
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace zipp::verbalize {

class ApiKey {
 public:
  ApiKey() = default;
  explicit ApiKey(std::string value) : value_(std::move(value)) {}

  // The key from environment variable `variable`; empty when `variable` is empty or unset (local
  // servers need none).
  static ApiKey from_env(std::string_view variable);

  bool empty() const { return value_.empty(); }
  // The key itself, only for the Authorization header.
  const std::string& reveal() const { return value_; }

  // `text` with every occurrence of the key replaced by "<redacted>".
  std::string redact(std::string_view text) const;

 private:
  std::string value_;
};

inline std::ostream& operator<<(std::ostream& out, const ApiKey& /*key*/) {
  return out << "<redacted>";
}

}  // namespace zipp::verbalize
