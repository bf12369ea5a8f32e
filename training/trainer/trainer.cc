#include "training/trainer/trainer.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <torch/cuda.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>

#include "core/comm/agree.h"
#include "core/comm/control.h"
#include "core/comm/stop_request.h"
#include "core/error.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "training/checkpoint/checkpoint.h"
#include "training/eval/popularity_scorer.h"
#include "training/eval/posting_accuracy.h"
#include "training/eval/tfidf_scorer.h"
#include "training/features/feature_store.h"
#include "training/model/persona_model.h"
#include "training/sampler/neighbor_sampler.h"
#include "training/sampler/prefetching_sampler.h"
#include "training/trainer/batch_tensors.h"
#include "training/trainer/image_align_eval.h"
#include "training/trainer/lr_schedule.h"
#include "training/trainer/metrics_log.h"
#include "training/trainer/model_scorer.h"
#include "training/trainer/phase_timer.h"
#include "training/trainer/step_meter.h"
#include "training/trainer/train_step.h"

namespace zipp::training {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string describe(const RankingMetrics& m) {
  return core::str("posting acc@1 ", core::fixed(m.acc_at_1, 4), ", acc@10 ",
                   core::fixed(m.acc_at_10, 4), ", MRR ", core::fixed(m.mrr, 4), " over ",
                   m.queries, " held-out edges");
}

Json metrics_json(const RankingMetrics& m) {
  return Json{
      {"queries", m.queries}, {"acc_at_1", m.acc_at_1}, {"acc_at_10", m.acc_at_10}, {"mrr", m.mrr}};
}

void set_threads(const TrainerSetup& setup) {
  std::int64_t threads = setup.train.threads;
  if (threads == 0) {
    const auto cores = static_cast<std::int64_t>(std::max(1U, std::thread::hardware_concurrency()));
    threads = std::max<std::int64_t>(1, cores / std::max(1, setup.local_size));
  }
  at::set_num_threads(static_cast<int>(threads));
}

at::Device pick_device(const TrainerSetup& setup) {
  if (setup.train.device == "cpu") return at::Device(at::kCPU);
  const auto count = static_cast<int>(torch::cuda::device_count());
  ZIPP_CHECK_T(core::ConfigError, count > 0,
               "train.device=cuda, but this LibTorch sees no CUDA device (a CPU-only build or no "
               "GPU on this node); use train.device=cpu");
  return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(setup.local_rank % count));
}

std::unique_ptr<UserScorer> baseline_scorer(const TrainerSetup& setup,
                                            const partition::Shard& shard,
                                            const core::comm::Communicator& comm,
                                            const at::Tensor& full_table) {
  if (setup.train.method == "popularity") return std::make_unique<PopularityScorer>(shard, comm);
  return std::make_unique<TfIdfScorer>(shard, full_table, comm);
}

PostingEvalOptions eval_options(std::int64_t users, std::uint64_t seed) {
  PostingEvalOptions o;
  o.max_users = users;
  o.seed = seed;
  return o;
}

// Scores a baseline with the final evaluation and logs it as the run's only metrics line.
TrainResult run_baseline(const partition::Shard& shard, const core::comm::Communicator& comm,
                         core::comm::Collectives& collectives, const TrainerSetup& setup,
                         MetricsLog& log) {
  const at::Tensor full_table = gather_full_feature_table(shard, collectives);
  std::unique_ptr<UserScorer> scorer;
  core::comm::agree_on_setup(
      comm, [&] { scorer = baseline_scorer(setup, shard, comm, full_table); },
      "building the baseline");
  TrainResult result;
  result.posting = evaluate_posting(shard, *scorer,
                                    eval_options(setup.train.final_eval_users, setup.seed), comm);
  log.write(Json{{"event", "final"},
                 {"method", setup.train.method},
                 {"posting", metrics_json(result.posting)}});
  ZIPP_LOG_INFO(setup.train.method, " baseline: ", describe(result.posting));
  return result;
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(PersonaModel& model,
                                                        const TrainConfig& train) {
  if (train.optimizer == "adamw") {
    return std::make_unique<torch::optim::AdamW>(
        model->parameters(), torch::optim::AdamWOptions(train.lr).weight_decay(train.weight_decay));
  }
  return std::make_unique<torch::optim::Adam>(
      model->parameters(), torch::optim::AdamOptions(train.lr).weight_decay(train.weight_decay));
}

// The checkpoint to resume from: rank 0 decides (so every rank agrees even if the directory
// changes meanwhile) and broadcasts the path.
std::optional<std::filesystem::path> agree_on_resume(const TrainerSetup& setup,
                                                     const core::comm::Communicator& comm) {
  std::string chosen;
  core::comm::agree_on_setup(
      comm,
      [&] {
        if (comm.rank() != 0) return;
        const ResumeDecision decision =
            decide_resume(setup.train.resume, setup.run_dir / "checkpoints");
        ZIPP_LOG_INFO("train.resume=", setup.train.resume, ": ", decision.reason);
        if (decision.checkpoint) chosen = decision.checkpoint->string();
      },
      "choosing the checkpoint to resume from");
  chosen = core::comm::allgather_strings(comm, chosen).front();
  if (chosen.empty()) return std::nullopt;
  return std::filesystem::path(chosen);
}

class EncoderTraining {
 public:
  EncoderTraining(const partition::Shard& shard, const core::comm::Communicator& comm,
                  core::comm::Collectives& collectives, const TrainerSetup& setup, MetricsLog& log)
      : shard_(shard), comm_(comm), collectives_(collectives), setup_(setup), log_(log) {}

  TrainResult run();

 private:
  void build();
  void log_interval(std::int64_t global_step, double lr);
  std::filesystem::path save(std::int64_t global_step);
  RankingMetrics evaluate_posting_now(std::int64_t users);

  const partition::Shard& shard_;
  const core::comm::Communicator& comm_;
  core::comm::Collectives& collectives_;
  const TrainerSetup& setup_;
  MetricsLog& log_;

  at::Device device_{at::kCPU};
  PersonaModel model_{nullptr};
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::unique_ptr<DataParallelStep> step_;
  std::unique_ptr<FeatureStore> store_;
  std::unique_ptr<NeighborSampler> sampler_;
  at::Tensor full_table_;
  std::int64_t steps_per_epoch_ = 1;
  LrSchedule schedule_;
  StepMeter meter_;
  std::int64_t start_step_ = 0;
  Clock::time_point started_;
};

void EncoderTraining::build() {
  const TrainConfig& train = setup_.train;
  core::comm::agree_on_setup(
      comm_,
      [&] {
        set_threads(setup_);
        device_ = pick_device(setup_);
        ZIPP_CHECK_T(core::ConfigError, shard_.features.size(1) == setup_.model.feature_dim,
                     "model.feature_dim is ", setup_.model.feature_dim, " but the shard's ",
                     "subreddit features have ", shard_.features.size(1),
                     " columns (graph.feature_dim when the graph was built)");
        if (shard_.alignment) {
          ZIPP_CHECK_T(core::ConfigError,
                       shard_.alignment->vectors.size(1) == setup_.model.alignment_dim,
                       "model.alignment_dim is ", setup_.model.alignment_dim,
                       " but the shard's alignment vectors have ",
                       shard_.alignment->vectors.size(1), " columns");
        }
        // The same seed on every rank gives every replica the same initial weights.
        at::manual_seed(setup_.seed);
        model_ = PersonaModel(setup_.model);
        model_->to(device_);
        optimizer_ = make_optimizer(model_, train);
      },
      "building the model");

  StepOptions options;
  options.contrastive.tau = setup_.model.tau;
  options.contrastive.max_log_scale = setup_.model.logit_scale_cap;
  options.contrastive.max_align_pairs = train.max_align_pairs;
  options.contrastive.negatives = train.global_negatives ? Negatives::kGlobal : Negatives::kLocal;
  options.contrastive.collectives = &collectives_;
  options.align_weight = train.align_weight;
  options.grad_clip = train.grad_clip;
  options.autocast = train.bf16 ? Autocast::kBf16 : Autocast::kOff;
  step_ = std::make_unique<DataParallelStep>(model_, *optimizer_, comm_, collectives_, options);
  step_->broadcast_parameters();
  // Dropout draws differ per rank from here on (and are checkpointed per rank).
  at::manual_seed(core::hash_keys({setup_.seed, 0x7261, static_cast<std::uint64_t>(comm_.rank())}));

  FeatureStoreOptions store_options;
  store_options.mode = parse_feature_mode(train.features);
  store_options.cache_rows = train.feature_cache_rows;
  store_ = std::make_unique<FeatureStore>(shard_, collectives_, store_options);
  full_table_ = gather_full_feature_table(shard_, collectives_).to(device_);

  steps_per_epoch_ = std::max<std::int64_t>(
      1, core::comm::allreduce_max_ints(
             comm_, {NeighborSampler::local_steps_per_epoch(shard_, train.batch_size)})[0]);
  std::int64_t total = steps_per_epoch_ * train.epochs;
  if (train.max_steps > 0) total = std::min(total, train.max_steps);
  schedule_ = LrSchedule{.peak = train.lr,
                         .total_steps = total,
                         .warmup_fraction = train.warmup_fraction,
                         .min_lr_fraction = train.min_lr_fraction};
  sampler_ = std::make_unique<NeighborSampler>(
      shard_,
      SamplerOptions{.batch_size = train.batch_size, .fanout = train.fanout, .seed = setup_.seed},
      comm_.rank(), steps_per_epoch_);
}

RankingMetrics EncoderTraining::evaluate_posting_now(std::int64_t users) {
  ModelScorer scorer(model_, shard_, full_table_);
  return evaluate_posting(shard_, scorer, eval_options(users, setup_.seed), comm_);
}

void EncoderTraining::log_interval(std::int64_t global_step, double lr) {
  const TrainConfig& train = setup_.train;
  Json record = meter_.summary();
  record["event"] = "interval";
  record["epoch"] = global_step == 0 ? 0 : (global_step - 1) / steps_per_epoch_;
  record["global_step"] = global_step;
  record["total_steps"] = schedule_.total_steps;
  record["lr"] = lr;
  const auto eval_start = Clock::now();
  if (train.eval_users > 0)
    record["posting"] = metrics_json(evaluate_posting_now(train.eval_users));
  if (train.align_weight > 0 && train.eval_align_users > 0) {
    record["image_align"] = metrics_json(
        evaluate_image_align(model_, shard_, full_table_, train.eval_align_users, comm_));
  }
  record["eval_s"] = std::chrono::duration<double>(Clock::now() - eval_start).count();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
  record["elapsed_s"] = elapsed;
  log_.write(record);

  const double done = static_cast<double>(global_step - start_step_);
  const double eta =
      done > 0 ? elapsed / done * static_cast<double>(schedule_.total_steps - global_step) : 0;
  ZIPP_LOG_INFO("step ", global_step, "/", schedule_.total_steps, " epoch ",
                record["epoch"].get<std::int64_t>(), " loss ",
                core::fixed(record["loss"].get<double>(), 4), " (link ",
                core::fixed(record["link_loss"].get<double>(), 4), ", align ",
                core::fixed(record["align_loss"].get<double>(), 4), "), ",
                core::fixed(record["seeds_per_s"].get<double>(), 0), " seeds/s",
                record.contains("posting")
                    ? core::str(", posting acc@1 ",
                                core::fixed(record["posting"]["acc_at_1"].get<double>(), 4))
                    : std::string(),
                ", ETA ", core::fixed(eta, 0), " s");
  meter_.reset();
}

std::filesystem::path EncoderTraining::save(std::int64_t global_step) {
  TrainingProgress progress;
  progress.epoch = global_step / steps_per_epoch_;
  progress.step = global_step % steps_per_epoch_;
  progress.global_step = global_step;
  progress.world_size = comm_.size();
  const Json extra{{"steps_per_epoch", steps_per_epoch_},
                   {"total_steps", schedule_.total_steps},
                   {"method", setup_.train.method},
                   {"aggregator", setup_.model.aggregator}};
  CheckpointStore store(setup_.run_dir / "checkpoints", setup_.train.keep_checkpoints);
  const auto path =
      store.save(comm_, *model_, *optimizer_, progress, extra.dump(), setup_.config_yaml);
  ZIPP_LOG_INFO("checkpoint at step ", global_step, ": ", path.string());
  return path;
}

TrainResult EncoderTraining::run() {
  build();
  TrainResult result;
  result.total_steps = schedule_.total_steps;
  if (const auto checkpoint = agree_on_resume(setup_, comm_)) {
    const LoadedCheckpoint loaded = load_checkpoint(comm_, *checkpoint, *model_, *optimizer_);
    start_step_ = loaded.progress.global_step;
    ZIPP_LOG_INFO("resumed from ", checkpoint->string(), " at step ", start_step_, " (epoch ",
                  loaded.progress.epoch, ", step ", loaded.progress.step, ")");
  }
  core::comm::install_stop_handlers();
  const TrainConfig& train = setup_.train;
  const std::int64_t total = schedule_.total_steps;
  const std::int64_t end_epoch = (total + steps_per_epoch_ - 1) / steps_per_epoch_;
  ZIPP_LOG_INFO("training ", total, " steps (", steps_per_epoch_, " per epoch, ", comm_.size(),
                " ranks, batch ", train.batch_size, " per rank, fanout ", train.fanout,
                ") from step ", start_step_);
  PrefetchingSampler batches(
      *sampler_, start_step_ / steps_per_epoch_, std::max<std::int64_t>(end_epoch, 1),
      start_step_ % steps_per_epoch_,
      PrefetchOptions{.threads = train.prefetch_threads, .capacity = train.prefetch_batches});
  started_ = Clock::now();
  meter_.reset();
  std::int64_t global_step = start_step_;
  std::int64_t last_saved = -1;
  std::string stop_reason;  // empty: ran to the end
  // Inside the loop a failing rank must not leave the others waiting in a collective.
  core::comm::run_or_abort([&] {
    while (global_step < total) {
      const PhaseTimer sample("sample", core::trace::Category::kSampling);
      std::optional<MiniBatch> batch = batches.next();
      ZIPP_CHECK_T(core::InternalError, batch.has_value(), "the sampler ended at step ",
                   global_step, " of ", total);
      const double sample_s = sample.stop();
      const PhaseTimer gather("gather", core::trace::Category::kSampling);
      const at::Tensor features = store_->gather(batch->block_local);
      const BatchTensors tensors =
          to_device(batch_tensors(*batch, features, shard_, train.max_align_pairs,
                                  setup_.model.alignment_dim),
                    device_);
      const double gather_s = gather.stop();
      const double lr = schedule_.at(global_step);
      const StepStats stats = step_->run(tensors, lr, core::comm::stop_signal());
      ++global_step;
      meter_.add(stats, sample_s, gather_s);
      const bool last = global_step == total;
      if (global_step % train.log_interval == 0 || last || stats.stop_requested ||
          global_step - start_step_ == train.stop_after) {
        log_interval(global_step, lr);
      }
      const bool budget_spent =
          train.stop_after > 0 && global_step - start_step_ == train.stop_after && !last;
      if (stats.stop_requested || budget_spent) {
        stop_reason = stats.stop_requested ? "signal" : "train.stop_after";
        return;
      }
      if (train.checkpoint_interval > 0 && global_step % train.checkpoint_interval == 0 && !last) {
        result.checkpoint = save(global_step);
        last_saved = global_step;
      }
    }
  });
  if (last_saved != global_step) result.checkpoint = save(global_step);
  result.global_step = global_step;
  if (!stop_reason.empty()) {
    result.outcome = TrainOutcome::kStopped;
    log_.write(Json{{"event", "stopped"},
                    {"reason", stop_reason},
                    {"global_step", global_step},
                    {"checkpoint", result.checkpoint.string()}});
    ZIPP_LOG_INFO("stopped (", stop_reason, ") at step ", global_step, "; resume from ",
                  result.checkpoint.string());
    return result;
  }
  result.posting = evaluate_posting_now(train.final_eval_users);
  result.image_align =
      train.align_weight > 0 && train.eval_align_users > 0
          ? evaluate_image_align(model_, shard_, full_table_, train.eval_align_users, comm_)
          : RankingMetrics{};
  Json final{{"event", "final"},
             {"method", setup_.train.method},
             {"aggregator", setup_.model.aggregator},
             {"align_weight", train.align_weight},
             {"global_step", global_step},
             {"posting", metrics_json(result.posting)},
             {"checkpoint", result.checkpoint.string()}};
  if (train.align_weight > 0) final["image_align"] = metrics_json(result.image_align);
  log_.write(final);
  ZIPP_LOG_INFO("done: ", describe(result.posting));
  return result;
}

}  // namespace

TrainResult run_training(const partition::Shard& shard, const core::comm::Communicator& comm,
                         core::comm::Collectives& collectives, const TrainerSetup& setup) {
  MetricsLog log(setup.run_dir / "metrics.jsonl",
                 comm.rank() == 0 ? LogWriter::kThisRank : LogWriter::kOtherRank);
  if (!setup.train.trains_encoder()) return run_baseline(shard, comm, collectives, setup, log);
  EncoderTraining training(shard, comm, collectives, setup, log);
  return training.run();
}

}  // namespace zipp::training
