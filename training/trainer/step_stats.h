// What one data-parallel step reports (training/trainer/train_step.h): losses, scales, counts on
// this rank and over all ranks, the agreed stop request, and the step's phase times in seconds.
// Plain data, so that code which only records steps (step_meter.h) does not include LibTorch.
#pragma once

#include <cstdint>

namespace zipp::training {

struct StepTimes {
  double forward = 0;
  double backward = 0;
  double allreduce = 0;
  double optimizer = 0;
};

struct StepStats {
  double link_loss = 0;   // this rank's unweighted mean
  double align_loss = 0;  // this rank's unweighted mean (0 without pairs)
  double loss = 0;        // the global batch's L = L_link + lambda * L_align (same on every rank)
  double grad_norm = 0;   // global norm of the summed gradient, before clipping
  double link_scale = 0;  // exp(min(theta, cap)) of each objective
  double align_scale = 0;
  std::int64_t users = 0;           // this rank's B
  std::int64_t global_users = 0;    // sum over ranks
  std::int64_t global_aligned = 0;  // ImageAlign pairs over ranks
  std::int64_t edges = 0;           // this rank's sampled edges
  std::int64_t global_edges = 0;    // sum over ranks
  bool stop_requested = false;      // some rank asked to stop (agreed: the same on every rank)
  StepTimes times;
};

}  // namespace zipp::training
