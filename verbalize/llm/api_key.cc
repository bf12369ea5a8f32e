#include "verbalize/llm/api_key.h"

#include <cstdlib>

namespace zipp::verbalize {

ApiKey ApiKey::from_env(std::string_view variable) {
  if (variable.empty()) return ApiKey();
  const char* value = std::getenv(std::string(variable).c_str());
  return ApiKey(value == nullptr ? std::string() : std::string(value));
}

std::string ApiKey::redact(std::string_view text) const {
  std::string out(text);
  if (value_.empty()) return out;
  constexpr std::string_view kMask = "<redacted>";
  for (std::size_t at = out.find(value_); at != std::string::npos;
       at = out.find(value_, at + kMask.size())) {
    out.replace(at, value_.size(), kMask);
  }
  return out;
}

}  // namespace zipp::verbalize
