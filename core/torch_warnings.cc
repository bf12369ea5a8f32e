#include "core/torch_warnings.h"

#include <string>

#include <c10/util/Exception.h>

#include "core/log.h"

namespace zipp::core {
namespace {

class LogWarningHandler : public c10::WarningHandler {
 public:
  void process(const c10::SourceLocation& where, const std::string& message,
               const bool /*verbatim*/) override {
    if (message.find("is in beta and the API may change") != std::string::npos) {
      ZIPP_LOG_DEBUG("LibTorch: ", message, " (", where.file, ":", where.line, ")");
      return;
    }
    ZIPP_LOG_WARN("LibTorch: ", message, " (", where.file, ":", where.line, ")");
  }
};

}  // namespace

void route_torch_warnings_to_log() {
  static LogWarningHandler handler;
  c10::Warning::set_warning_handler(&handler);
}

}  // namespace zipp::core
