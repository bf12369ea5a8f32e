#include "training/trainer/batch_tensors.h"

#include <vector>

#include <ATen/ops/empty.h>

#include "core/check.h"
#include "core/error.h"
#include "core/tensor_vector.h"

namespace zipp::training {
namespace {

at::Tensor long_tensor(const std::vector<std::int64_t>& values) {
  return core::tensor_view(std::span<const std::int64_t>(values), at::kLong).clone();
}

}  // namespace

BatchTensors batch_tensors(const MiniBatch& batch, const at::Tensor& block_features,
                           const partition::Shard& shard, std::int64_t max_align_pairs,
                           std::int64_t alignment_dim) {
  const std::int64_t b = batch.num_users();
  const std::int64_t e = batch.num_edges();
  ZIPP_CHECK_T(core::InputError,
               block_features.dim() == 2 && block_features.size(0) == batch.num_block_subreddits(),
               "batch (epoch ", batch.epoch, ", step ", batch.step, "): expected features for ",
               batch.num_block_subreddits(), " block subreddits, found ", block_features.sizes());
  BatchTensors out;
  out.block.subreddit_features = block_features;
  out.block.edge_user = long_tensor(batch.edge_user);
  out.block.edge_subreddit = long_tensor(batch.edge_subreddit);
  out.block.edge_features =
      core::tensor_view(std::span<const float>(batch.edge_features), at::kFloat, {e, 2}).clone();
  out.block.num_users = b;
  out.positive = long_tensor(batch.positive);
  std::vector<std::int64_t> positive_ids(static_cast<std::size_t>(b));
  for (std::int64_t i = 0; i < b; ++i) positive_ids[i] = batch.block_global[batch.positive[i]];
  out.positive_ids = long_tensor(positive_ids);

  std::vector<std::int64_t> rows;
  out.has_vector = at::empty({b}, at::TensorOptions().dtype(at::kBool));
  bool* flags = out.has_vector.data_ptr<bool>();
  for (std::int64_t i = 0; i < b; ++i) {
    const bool take =
        batch.has_alignment[i] != 0 && static_cast<std::int64_t>(rows.size()) < max_align_pairs;
    flags[i] = take;
    if (take) rows.push_back(batch.alignment_row[i]);
  }
  if (rows.empty() || !shard.alignment) {
    const std::int64_t dim = shard.alignment ? shard.alignment->vectors.size(1) : alignment_dim;
    out.alignment = at::empty({0, dim}, at::TensorOptions().dtype(at::kFloat));
    out.has_vector.zero_();
  } else {
    out.alignment = shard.alignment->vectors.index_select(0, long_tensor(rows));
  }
  return out;
}

BatchTensors to_device(const BatchTensors& batch, const at::Device& device) {
  if (device.is_cpu()) return batch;
  BatchTensors out = batch;
  out.block.subreddit_features = batch.block.subreddit_features.to(device);
  out.block.edge_user = batch.block.edge_user.to(device);
  out.block.edge_subreddit = batch.block.edge_subreddit.to(device);
  out.block.edge_features = batch.block.edge_features.to(device);
  out.positive = batch.positive.to(device);
  out.positive_ids = batch.positive_ids.to(device);
  out.has_vector = batch.has_vector.to(device);
  out.alignment = batch.alignment.to(device);
  return out;
}

}  // namespace zipp::training
