#include "training/trainer/train_step.h"

#include <chrono>
#include <cmath>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/autocast_mode.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/zeros_like.h>
#include <torch/csrc/autograd/generated/variable_factories.h>
#include <torch/nn/module.h>

#include "core/comm/control.h"
#include "training/trainer/phase_timer.h"

namespace zipp::training {
namespace {

double weight(std::int64_t mine, std::int64_t total) {
  return total == 0 ? 0.0 : static_cast<double>(mine) / static_cast<double>(total);
}

// bf16 autocast for the forward pass on CUDA, switched off again however the pass ends.
class AutocastScope {
 public:
  explicit AutocastScope(bool enabled) : enabled_(enabled) {
    if (!enabled_) return;
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
  }
  ~AutocastScope() {
    if (!enabled_) return;
    at::autocast::set_enabled(false);
    at::autocast::clear_cache();
  }
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool enabled_;
};

}  // namespace

DataParallelStep::DataParallelStep(PersonaModel model, torch::optim::Optimizer& optimizer,
                                   const core::comm::Communicator& comm,
                                   core::comm::Collectives& collectives, StepOptions options)
    : model_(std::move(model)),
      optimizer_(optimizer),
      comm_(comm),
      collectives_(collectives),
      options_(options) {}

void DataParallelStep::broadcast_parameters() {
  torch::NoGradGuard no_grad;
  for (const at::Tensor& p : model_->parameters()) {
    at::Tensor data = p.detach();
    collectives_.broadcast(data, 0);
  }
  for (const at::Tensor& b : model_->buffers()) {
    at::Tensor data = b.detach();
    collectives_.broadcast(data, 0);
  }
}

StepStats DataParallelStep::run(const BatchTensors& batch, double lr, int stop_signal) {
  StepStats stats;
  stats.users = batch.num_users();
  stats.edges = batch.block.edge_user.size(0);
  const bool with_align = options_.align_weight > 0;
  const std::int64_t aligned = with_align ? batch.num_aligned() : 0;
  // One small exchange per step: the global batch sizes the loss weights need, and whether any
  // rank has been asked to stop.
  const std::vector<std::int64_t> totals = core::comm::allreduce_sum_ints(
      comm_, {stats.users, aligned, stats.edges, stop_signal != 0 ? std::int64_t{1} : 0});
  stats.global_users = totals[0];
  stats.global_aligned = totals[1];
  stats.global_edges = totals[2];
  stats.stop_requested = totals[3] > 0;
  const double link_weight = weight(stats.users, stats.global_users);
  const double align_weight = weight(aligned, stats.global_aligned);

  optimizer_.zero_grad();
  model_->train();
  const PhaseTimer forward("forward", core::trace::Category::kCompute);
  at::Tensor link_loss;
  at::Tensor align_loss;
  {
    AutocastScope autocast(options_.autocast == Autocast::kBf16 &&
                           batch.block.subreddit_features.is_cuda());
    const EncoderOutput encoded = model_->encoder()->forward(batch.block);
    ContrastiveHeads& link = model_->link_heads();
    const at::Tensor q = link->query(encoded.users);
    const at::Tensor k = link->key(encoded.subreddits.index_select(0, batch.positive));
    link_loss = link_info_nce(q, k, batch.positive_ids, link->log_scale(), options_.contrastive);
    if (with_align) {
      ContrastiveHeads& align = model_->align_heads();
      const at::Tensor visual = align->key(model_->align_projector()->forward(batch.alignment));
      align_loss = image_align_info_nce(align->query(encoded.users), batch.has_vector, visual,
                                        align->log_scale(), options_.contrastive);
    }
  }
  at::Tensor weighted = link_loss.to(at::kFloat) * link_weight;
  at::Tensor weighted_align = at::zeros_like(weighted);
  if (with_align) {
    weighted_align = align_loss.to(at::kFloat) * (options_.align_weight * align_weight);
  }
  const at::Tensor total = weighted + weighted_align;
  stats.times.forward = forward.stop();

  const PhaseTimer backward("backward", core::trace::Category::kCompute);
  total.backward();
  stats.times.backward = backward.stop();

  const PhaseTimer allreduce("allreduce", core::trace::Category::kCommunication);
  std::vector<at::Tensor> grads;
  for (at::Tensor& p : model_->parameters()) {
    if (!p.grad().defined()) p.mutable_grad() = at::zeros_like(p);
    grads.push_back(p.grad());
  }
  // The weighted losses ride along with the gradients: their sum is the global batch's loss.
  grads.push_back(
      at::stack({weighted.detach(), weighted_align.detach()}).to(grads.front().device()));
  collectives_.allreduce(grads, core::comm::ReduceOp::kSum);
  const at::Tensor global_losses = grads.back().cpu();
  grads.pop_back();
  stats.times.allreduce = allreduce.stop();

  const PhaseTimer optimizer("optimizer", core::trace::Category::kCompute);
  double squared = 0;
  for (const at::Tensor& g : grads) squared += g.to(at::kDouble).pow(2).sum().item<double>();
  stats.grad_norm = std::sqrt(squared);
  if (options_.grad_clip > 0 && stats.grad_norm > options_.grad_clip) {
    const double scale = options_.grad_clip / (stats.grad_norm + 1e-6);
    for (at::Tensor& g : grads) g.mul_(scale);
  }
  for (auto& group : optimizer_.param_groups()) group.options().set_lr(lr);
  optimizer_.step();
  stats.times.optimizer = optimizer.stop();

  stats.link_loss = link_loss.item<double>();
  stats.align_loss = with_align ? align_loss.item<double>() : 0.0;
  stats.loss = global_losses.sum().item<double>();
  const double cap = options_.contrastive.max_log_scale;
  stats.link_scale = std::exp(std::min(model_->link_heads()->log_scale().item<double>(), cap));
  stats.align_scale = std::exp(std::min(model_->align_heads()->log_scale().item<double>(), cap));
  return stats;
}

}  // namespace zipp::training
