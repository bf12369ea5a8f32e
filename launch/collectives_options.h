// The tensor collectives a command builds from its run's `comm` section (backend and bucket size).
#pragma once

#include "core/comm/collectives.h"
#include "launch/run_context.h"

namespace zipp::launch {

core::comm::CollectivesOptions collectives_options(const RunContext& context);

}  // namespace zipp::launch
