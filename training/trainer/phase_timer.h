// Times one phase of a training step (sample, gather, forward, backward, allreduce, optimizer)
// for the step meter (training/trainer/step_meter.h) and, when tracing is on (trace.enabled),
// records it as a Chrome trace event of its category, so `zipp trace merge` and `zipp bench
// scaling` can split each rank's time into compute, communication and sampling.
#pragma once

#include <chrono>
#include <string_view>

#include "core/trace/tracer.h"

namespace zipp::training {

class PhaseTimer {
 public:
  PhaseTimer(std::string_view name, core::trace::Category category)
      : name_(name),
        category_(category),
        start_(std::chrono::steady_clock::now()),
        start_us_(core::trace::tracing_enabled() ? core::trace::Tracer::now_us() : 0.0) {}

  // Seconds since construction; the trace event ends now.
  double stop() const {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (core::trace::tracing_enabled()) [[unlikely]] {
      core::trace::Tracer::instance().complete(name_, category_, start_us_, seconds * 1e6);
    }
    return seconds;
  }

 private:
  std::string_view name_;  // a string literal
  core::trace::Category category_;
  std::chrono::steady_clock::time_point start_;
  double start_us_;
};

}  // namespace zipp::training
