// The samplers `zipp generate` offers (docs/generation.md "Schedulers"), by their config names.
#pragma once

#include <string_view>

namespace zipp::generation {

// ddim: DDIM (eta 0 deterministic, eta > 0 adds noise). euler and euler_a: Euler and Euler
// ancestral in sigma space (Karras et al.). dpmpp_2m: DPM-Solver++(2M), multistep, data prediction.
enum class SchedulerKind { kDdim, kEuler, kEulerAncestral, kDpmSolverPp2m };

// "ddim", "euler", "euler_a", "dpmpp_2m"; ConfigError naming `key`, the value and the choices.
SchedulerKind parse_scheduler_kind(std::string_view text, std::string_view key);
std::string_view scheduler_kind_name(SchedulerKind kind);

}  // namespace zipp::generation
