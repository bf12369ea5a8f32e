#include "generation/schedule/make_scheduler.h"

#include "core/error.h"
#include "generation/schedule/ddim_scheduler.h"
#include "generation/schedule/dpmpp_2m_scheduler.h"
#include "generation/schedule/euler_ancestral_scheduler.h"
#include "generation/schedule/euler_scheduler.h"

namespace zipp::generation {

std::unique_ptr<Scheduler> make_scheduler(SchedulerKind kind, const NoiseScheduleSpec& spec,
                                          std::int64_t steps, double eta, TimestepSpacing spacing,
                                          std::optional<double> clip_sample_range) {
  switch (kind) {
    case SchedulerKind::kDdim:
      return std::make_unique<DdimScheduler>(spec, steps, eta, spacing, clip_sample_range);
    case SchedulerKind::kEuler:
      return std::make_unique<EulerScheduler>(spec, steps, spacing, clip_sample_range);
    case SchedulerKind::kEulerAncestral:
      return std::make_unique<EulerAncestralScheduler>(spec, steps, spacing, clip_sample_range);
    case SchedulerKind::kDpmSolverPp2m:
      return std::make_unique<DpmSolverPp2mScheduler>(spec, steps, spacing, clip_sample_range);
  }
  throw core::InternalError("make_scheduler: unknown scheduler kind");
}

}  // namespace zipp::generation
