// Builds the sampler `zipp generate` asks for by name (docs/generation.md "Schedulers"): a fresh
// Scheduler for one sampling run over a pipeline's noise schedule.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "generation/schedule/noise_schedule.h"
#include "generation/schedule/scheduler.h"
#include "generation/schedule/scheduler_kind.h"
#include "generation/schedule/timestep_spacing.h"

namespace zipp::generation {

// eta is DDIM's stochasticity (0: deterministic) and is ignored by the other samplers. With a
// clip_sample_range r every sampler clamps its predicted x_0 to [-r, r] at each step
// (docs/generation.md "Sampling"); none (the default) never clips.
// ConfigError for a bad step count, eta, clip range or noise schedule.
std::unique_ptr<Scheduler> make_scheduler(SchedulerKind kind, const NoiseScheduleSpec& spec,
                                          std::int64_t steps, double eta,
                                          TimestepSpacing spacing = TimestepSpacing::kLeading,
                                          std::optional<double> clip_sample_range = std::nullopt);

}  // namespace zipp::generation
