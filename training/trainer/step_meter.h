// What one log interval of training did, for metrics.jsonl: mean losses and gradient norm, the
// latest logit scales, throughput (global seeds and sampled edges per second of wall time) and
// this rank's mean time per step split into sample (waiting for the prefetch queue), gather
// (features and batch tensors), forward, backward, allreduce and optimizer.
#pragma once

#include <chrono>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "training/trainer/step_stats.h"

namespace zipp::training {

class StepMeter {
 public:
  StepMeter() : start_(std::chrono::steady_clock::now()) {}

  void reset() { *this = StepMeter(); }  // a new interval starts now
  void add(const StepStats& stats, double sample_seconds, double gather_seconds);
  std::int64_t steps() const { return steps_; }
  // Keys: steps, loss, link_loss, align_loss, grad_norm, link_scale, align_scale, seeds_per_s,
  // edges_per_s, wall_s, time_ms {sample, gather, forward, backward, allreduce, optimizer}.
  nlohmann::json summary() const;

 private:
  std::chrono::steady_clock::time_point start_;
  std::int64_t steps_ = 0;
  double loss_ = 0, link_loss_ = 0, align_loss_ = 0, grad_norm_ = 0;
  double link_scale_ = 0, align_scale_ = 0;
  std::int64_t seeds_ = 0, edges_ = 0;
  double sample_ = 0, gather_ = 0, forward_ = 0, backward_ = 0, allreduce_ = 0, optimizer_ = 0;
};

}  // namespace zipp::training
