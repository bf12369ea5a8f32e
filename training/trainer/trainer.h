// The training run of `zipp train` (docs/training.md "Trainer"): on every rank, the neighbour
// sampler over its shard feeding a prefetch queue, the feature store, the data-parallel step with
// the learning-rate schedule, evaluation and metrics.jsonl at each log interval, checkpoints,
// resume, and the agreed stop on SIGUSR1/SIGTERM. The non-neural baselines (train.method
// popularity / tfidf) are scored by the same evaluation and logged to the same file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/comm/collectives.h"
#include "core/comm/communicator.h"
#include "partition/shard.h"
#include "training/eval/ranking_metrics.h"
#include "training/model/model_config.h"
#include "training/trainer/train_config.h"

namespace zipp::training {

struct TrainerSetup {
  TrainConfig train;
  ModelConfig model;
  std::uint64_t seed = 0;
  std::filesystem::path run_dir;  // metrics.jsonl and checkpoints/ go here
  std::string config_yaml;        // the resolved configuration, stored with each checkpoint
  int local_rank = 0;             // picks the GPU with train.device=cuda
  int local_size = 1;             // ranks on this node (threads = cores / local_size)
};

enum class TrainOutcome { kCompleted, kStopped };

struct TrainResult {
  TrainOutcome outcome = TrainOutcome::kCompleted;
  std::int64_t global_step = 0;
  std::int64_t total_steps = 0;
  RankingMetrics posting;            // held-out posting accuracy after training (or at the stop)
  RankingMetrics image_align;        // encoder only
  std::filesystem::path checkpoint;  // the last checkpoint written (encoder only)
};

// Collective over `comm` (and `collectives`, built on it). Setup problems on any rank are agreed
// and thrown on every rank (core::CollectiveError); a failure inside the step loop aborts the job.
TrainResult run_training(const partition::Shard& shard, const core::comm::Communicator& comm,
                         core::comm::Collectives& collectives, const TrainerSetup& setup);

}  // namespace zipp::training
