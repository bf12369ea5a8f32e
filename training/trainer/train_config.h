// The `train` configuration section: what `zipp train` runs (the encoder, or a non-neural
// baseline scored the same way), the recipe of docs method §2 (batch, fanout, epochs, optimiser,
// schedule), the distributed options (global negatives, feature store, prefetching, device), and
// logging, evaluation and checkpointing (docs/training.md "Trainer").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/config/section_spec.h"

namespace zipp::training {

struct TrainConfig {
  static constexpr std::string_view kName = "train";
  std::string method = "encoder";  // encoder | popularity | tfidf
  std::int64_t epochs = 30;
  std::int64_t max_steps = 0;   // 0: epochs * steps per epoch
  std::int64_t stop_after = 0;  // steps in this invocation before a checkpoint and exit 4; 0: none
  std::int64_t batch_size = 10000;
  std::int64_t fanout = 100;
  std::string optimizer = "adam";  // adam | adamw
  double lr = 5e-4;
  double weight_decay = 0.0;
  double warmup_fraction = 0.05;
  double min_lr_fraction = 0.0;
  double grad_clip = 1.0;  // max global gradient norm; 0: off
  double align_weight = 1.0;
  std::int64_t max_align_pairs = 2048;
  bool global_negatives = false;
  std::string device = "cpu";  // cpu | cuda
  bool bf16 = true;            // bf16 autocast on CUDA
  std::int64_t threads = 0;    // intra-op threads per rank; 0: cores of the node / local ranks
  std::int64_t prefetch_threads = 1;
  std::int64_t prefetch_batches = 4;
  std::string features = "replicate";  // replicate | fetch
  std::int64_t feature_cache_rows = 4096;
  std::int64_t log_interval = 50;
  std::int64_t eval_users = 2000;           // per rank at each log interval; 0: no interval eval
  std::int64_t final_eval_users = 0;        // per rank at the end; 0: every eligible user
  std::int64_t eval_align_users = 1000;     // per rank: the ImageAlign candidate pool
  std::int64_t checkpoint_interval = 1000;  // steps; 0: only at the end and on a stop signal
  std::int64_t keep_checkpoints = 3;
  std::string resume = "auto";  // auto | never | <checkpoint directory>

  static void describe(core::config::SectionSpec<TrainConfig>& spec);

  bool trains_encoder() const { return method == "encoder"; }
};

}  // namespace zipp::training
