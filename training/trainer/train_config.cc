#include "training/trainer/train_config.h"

namespace zipp::training {
namespace {

bool positive(std::int64_t n) { return n >= 1; }
bool non_negative(std::int64_t n) { return n >= 0; }

}  // namespace

void TrainConfig::describe(core::config::SectionSpec<TrainConfig>& spec) {
  spec.choice("method", &TrainConfig::method, {"encoder", "popularity", "tfidf"},
              "encoder: train the model section's encoder (GATv2, or GraphSAGE with "
              "model.aggregator=mean); popularity / tfidf: the non-neural baselines, scored by "
              "the same posting-accuracy evaluation");
  spec.field("epochs", &TrainConfig::epochs, "passes over every rank's trainable users")
      .check(positive, "must be at least 1");
  spec.field("max_steps", &TrainConfig::max_steps,
             "stop after this many optimizer steps (the schedule spans them); 0: every epoch")
      .check(non_negative, "must be at least 0");
  spec.field("stop_after", &TrainConfig::stop_after,
             "leave after this many steps of this invocation with a checkpoint and exit code 4, "
             "as a stop signal would (jobs chained under a wall-time limit); the schedule still "
             "spans every step; 0: run to the end")
      .check(non_negative, "must be at least 0");
  spec.field("batch_size", &TrainConfig::batch_size,
             "positive edges (seed users) per rank and step")
      .check(positive, "must be at least 1");
  spec.field("fanout", &TrainConfig::fanout, "most neighbours sampled per seed user")
      .check(non_negative, "must be at least 0");
  spec.choice("optimizer", &TrainConfig::optimizer, {"adam", "adamw"},
              "adam (L2 penalty in the gradient) or adamw (decoupled weight decay)");
  spec.field("lr", &TrainConfig::lr, "peak learning rate, reached after the warm-up")
      .check([](double v) { return v > 0 && v <= 1; }, "must be in (0, 1]");
  spec.field("weight_decay", &TrainConfig::weight_decay, "weight decay of the optimizer")
      .check([](double v) { return v >= 0 && v < 1; }, "must be in [0, 1)");
  spec.field("warmup_fraction", &TrainConfig::warmup_fraction,
             "share of all steps with the learning rate rising linearly from 0")
      .check([](double v) { return v >= 0 && v < 1; }, "must be in [0, 1)");
  spec.field("min_lr_fraction", &TrainConfig::min_lr_fraction,
             "the cosine decay ends at lr * min_lr_fraction")
      .check([](double v) { return v >= 0 && v <= 1; }, "must be in [0, 1]");
  spec.field("grad_clip", &TrainConfig::grad_clip,
             "largest global L2 norm of the averaged gradient; 0: no clipping")
      .check([](double v) { return v >= 0; }, "must be at least 0");
  spec.field("align_weight", &TrainConfig::align_weight,
             "lambda in L = L_link + lambda * L_align; 0: no ImageAlign (the GAT-only ablation)")
      .check([](double v) { return v >= 0; }, "must be at least 0");
  spec.field("max_align_pairs", &TrainConfig::max_align_pairs,
             "most (user, visual vector) pairs of a rank's batch in the ImageAlign loss")
      .check(positive, "must be at least 1");
  spec.field("global_negatives", &TrainConfig::global_negatives,
             "score each user against the keys of every rank's batch (all-gathered, gradients "
             "returned to their owners) instead of its own rank's");
  spec.choice("device", &TrainConfig::device, {"cpu", "cuda"},
              "cpu, or cuda: the GPU of this rank's local rank");
  spec.field("bf16", &TrainConfig::bf16, "bf16 autocast of the forward pass on CUDA");
  spec.field("threads", &TrainConfig::threads,
             "LibTorch intra-op threads per rank; 0: the node's cores divided by its ranks")
      .check(non_negative, "must be at least 0");
  spec.field("prefetch.threads", &TrainConfig::prefetch_threads,
             "sampler threads building batches ahead of the step")
      .check(positive, "must be at least 1");
  spec.field("prefetch.batches", &TrainConfig::prefetch_batches,
             "most batches built or being built ahead of the step")
      .check(positive, "must be at least 1");
  spec.choice("features", &TrainConfig::features, {"replicate", "fetch"},
              "subreddit features: replicate the whole table on every rank, or keep owned rows "
              "and fetch the others each step (docs/training.md \"Feature store\")");
  spec.field("feature_cache_rows", &TrainConfig::feature_cache_rows,
             "fetch: halo rows cached for the whole run (the most referenced ones)")
      .check(non_negative, "must be at least 0");
  spec.field("log_interval", &TrainConfig::log_interval, "steps between lines of metrics.jsonl")
      .check(positive, "must be at least 1");
  spec.field("eval_users", &TrainConfig::eval_users,
             "users per rank whose held-out edges are ranked at each log interval; 0: none")
      .check(non_negative, "must be at least 0");
  spec.field("final_eval_users", &TrainConfig::final_eval_users,
             "users per rank ranked after training; 0: every user with a held-out edge")
      .check(non_negative, "must be at least 0");
  spec.field("eval_align_users", &TrainConfig::eval_align_users,
             "users with a visual vector per rank in the ImageAlign evaluation pool; 0: none")
      .check(non_negative, "must be at least 0");
  spec.field("checkpoint_interval", &TrainConfig::checkpoint_interval,
             "steps between checkpoints; 0: only at the end and when stopped by a signal")
      .check(non_negative, "must be at least 0");
  spec.field("keep_checkpoints", &TrainConfig::keep_checkpoints,
             "complete checkpoints kept, newest first")
      .check(positive, "must be at least 1");
  spec.field("resume", &TrainConfig::resume,
             "auto: the newest complete checkpoint in <run.dir>/checkpoints, if any; never; or "
             "a checkpoint directory");
}

}  // namespace zipp::training
