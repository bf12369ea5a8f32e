#include "core/error.h"

#include <utility>

#include "core/str.h"

namespace zipp::core {

MpiError::MpiError(std::string op, int code, const std::string& detail)
    : Error(str(op, " failed with MPI error ", code, ": ", detail)),
      op_(std::move(op)),
      code_(code) {}

ErrorCause cause_of(const std::exception& error) {
  if (dynamic_cast<const ConfigError*>(&error) != nullptr) return ErrorCause::kConfig;
  if (dynamic_cast<const InputError*>(&error) != nullptr) return ErrorCause::kInput;
  if (const auto* agreed = dynamic_cast<const CollectiveError*>(&error)) return agreed->cause();
  return ErrorCause::kFailure;
}

}  // namespace zipp::core
