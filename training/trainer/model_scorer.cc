#include "training/trainer/model_scorer.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/matmul.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "training/trainer/user_block.h"

namespace zipp::training {

at::Tensor embed_all_subreddits(PersonaModel& model, const at::Tensor& full_table) {
  torch::NoGradGuard no_grad;
  EncoderInput all;
  all.subreddit_features = full_table;
  const auto options = at::TensorOptions().device(full_table.device());
  all.edge_user = at::empty({0}, options.dtype(at::kLong));
  all.edge_subreddit = at::empty({0}, options.dtype(at::kLong));
  all.edge_features = at::empty({0, 2}, options.dtype(at::kFloat));
  all.num_users = 0;
  return model->encoder()->forward(all).subreddits;
}

ModelScorer::ModelScorer(PersonaModel model, const partition::Shard& shard, at::Tensor full_table)
    : model_(std::move(model)), shard_(shard), full_table_(std::move(full_table)) {
  torch::NoGradGuard no_grad;
  model_->eval();
  keys_ = model_->link_heads()->key(embed_all_subreddits(model_, full_table_));
}

at::Tensor ModelScorer::score(std::span<const std::int64_t> local_users) {
  torch::NoGradGuard no_grad;
  model_->eval();
  const UserBlock block = user_block(shard_, local_users, EdgeSelection::kTrainable, full_table_);
  const at::Tensor users = model_->encoder()->forward(block.input).users;
  return at::matmul(model_->link_heads()->query(users), keys_.t()).to(at::kFloat).cpu();
}

}  // namespace zipp::training
