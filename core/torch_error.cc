#include "core/torch_error.h"

#include <string_view>

#include <c10/util/Exception.h>

namespace zipp::core {
namespace {

std::string first_line(std::string_view message) {
  return std::string(message.substr(0, message.find('\n')));
}

}  // namespace

std::string torch_error_reason(const std::exception& error) {
  if (const auto* c10_error = dynamic_cast<const c10::Error*>(&error)) {
    return first_line(c10_error->what_without_backtrace());
  }
  return first_line(error.what());
}

}  // namespace zipp::core
