#include "core/config/value.h"

#include "core/str.h"

namespace zipp::core::config {

std::string Location::text() const {
  if (line <= 0) return source;
  return str(source, ":", line, ":", column);
}

std::string one_line(const FormattedValue& value) {
  const auto item_text = [](const ScalarText& item) {
    return item.style == ScalarStyle::kString ? str('"', item.text, '"') : item.text;
  };
  if (value.shape == ValueShape::kScalar) {
    return value.items.empty() ? std::string() : item_text(value.items.front());
  }
  std::string out = "[";
  for (std::size_t i = 0; i < value.items.size(); ++i) {
    if (i > 0) out += ", ";
    out += item_text(value.items[i]);
  }
  return out + "]";
}

}  // namespace zipp::core::config
