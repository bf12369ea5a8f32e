// Builds the sampler `zipp generate` asks for by name (docs/generation.md "Schedulers"): a fresh
// Scheduler for one sampling run over a pipeline's noise schedule.
#pragma once

#include <cstdint>
#include <memory>

#include "generation/schedule/noise_schedule.h"
#include "generation/schedule/scheduler.h"
#include "generation/schedule/scheduler_kind.h"
#include "generation/schedule/timestep_spacing.h"

namespace zipp::generation {

// eta is DDIM's stochasticity (0: deterministic) and is ignored by the other samplers.
// ConfigError for a bad step count, eta or noise schedule.
std::unique_ptr<Scheduler> make_scheduler(SchedulerKind kind, const NoiseScheduleSpec& spec,
                                          std::int64_t steps, double eta,
                                          TimestepSpacing spacing = TimestepSpacing::kLeading);

}  // namespace zipp::generation
