#include "launch/collectives_options.h"

#include <cstdint>

#include "core/config/core_sections.h"

namespace zipp::launch {

core::comm::CollectivesOptions collectives_options(const RunContext& context) {
  const auto& comm = context.config.get<core::config::CommConfig>();
  core::comm::CollectivesOptions options;
  options.backend = core::comm::parse_backend_kind(comm.backend);
  options.bucket_bytes = static_cast<std::int64_t>(comm.bucket_mb * 1024.0 * 1024.0);
  return options;
}

}  // namespace zipp::launch
