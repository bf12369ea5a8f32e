// One data-parallel optimizer step (docs/training.md "Trainer"): forward through the encoder and
// both pairs of heads, L = L_link + lambda * L_align, backward, gradients allreduced in buckets,
// clipping by the global norm, the optimizer step. Every rank calls run() once per step, in step
// order, whatever its batch holds (empty included): the step's collectives need every rank.
//
// Weighting: rank r's link loss is the mean over its B_r rows, weighted by B_r / sum B and the
// weighted gradients summed across ranks, so the update is that of the global batch: 2 ranks with
// half a batch each end the step with the weights 1 rank gets from the whole batch (with global
// negatives; with local ones each rank's negatives are its own rows). ImageAlign is weighted the
// same way by its pair counts.
#pragma once

#include <cstdint>

#include <torch/optim/optimizer.h>

#include "core/comm/collectives.h"
#include "core/comm/communicator.h"
#include "training/losses/info_nce.h"
#include "training/model/persona_model.h"
#include "training/trainer/batch_tensors.h"
#include "training/trainer/step_stats.h"

namespace zipp::training {

enum class Autocast { kOff, kBf16 };

struct StepOptions {
  ContrastiveOptions contrastive;  // tau, cap, ImageAlign pair cap, negatives, collectives
  double align_weight = 1.0;       // lambda
  double grad_clip = 0.0;          // largest global gradient norm; 0: no clipping
  Autocast autocast = Autocast::kOff;
};

class DataParallelStep {
 public:
  // The model must be identical on every rank (same seed, or broadcast). `collectives` and
  // `optimizer` must outlive this object.
  DataParallelStep(PersonaModel model, torch::optim::Optimizer& optimizer,
                   const core::comm::Communicator& comm, core::comm::Collectives& collectives,
                   StepOptions options);

  // Collective. `lr` is set on every parameter group first. `stop_signal` is this rank's pending
  // signal (0: none); the agreed answer comes back in StepStats::stop_requested.
  StepStats run(const BatchTensors& batch, double lr, int stop_signal = 0);

  // Sets every parameter to rank 0's values (collective): replicas start identical.
  void broadcast_parameters();

 private:
  PersonaModel model_;
  torch::optim::Optimizer& optimizer_;
  const core::comm::Communicator& comm_;
  core::comm::Collectives& collectives_;
  StepOptions options_;
};

}  // namespace zipp::training
