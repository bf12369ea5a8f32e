// Every sampler the scheduler tests run, with a label for failure messages: DDIM deterministic
// (eta 0) and stochastic (eta 1), Euler, Euler ancestral, DPM-Solver++(2M).
#pragma once

#include <string>
#include <vector>

#include "core/str.h"
#include "generation/schedule/scheduler_kind.h"

namespace zipp::generation::testing {

struct Sampler {
  SchedulerKind kind;
  double eta;
  std::string label() const {
    return std::string(scheduler_kind_name(kind)) + (eta > 0 ? " eta " + core::fixed(eta, 1) : "");
  }
};

inline const std::vector<Sampler> kAllSamplers = {{SchedulerKind::kDdim, 0.0},
                                                  {SchedulerKind::kDdim, 1.0},
                                                  {SchedulerKind::kEuler, 0.0},
                                                  {SchedulerKind::kEulerAncestral, 0.0},
                                                  {SchedulerKind::kDpmSolverPp2m, 0.0}};

}  // namespace zipp::generation::testing
