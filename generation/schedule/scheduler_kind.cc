#include "generation/schedule/scheduler_kind.h"

#include <array>
#include <utility>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

constexpr std::array<std::pair<std::string_view, SchedulerKind>, 4> kKinds = {{
    {"ddim", SchedulerKind::kDdim},
    {"euler", SchedulerKind::kEuler},
    {"euler_a", SchedulerKind::kEulerAncestral},
    {"dpmpp_2m", SchedulerKind::kDpmSolverPp2m},
}};

}  // namespace

SchedulerKind parse_scheduler_kind(std::string_view text, std::string_view key) {
  for (const auto& [name, kind] : kKinds) {
    if (name == text) return kind;
  }
  throw core::ConfigError(core::str("key '", key,
                                    "': expected a scheduler (ddim, euler, euler_a or dpmpp_2m), "
                                    "found '",
                                    text, "'"));
}

std::string_view scheduler_kind_name(SchedulerKind kind) {
  for (const auto& [name, k] : kKinds) {
    if (k == kind) return name;
  }
  return "unknown";
}

}  // namespace zipp::generation
