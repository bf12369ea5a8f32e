#include "training/trainer/image_align_eval.h"

#include <vector>

#include <ATen/ops/arange.h>
#include <ATen/ops/matmul.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "core/tensor_vector.h"
#include "training/trainer/user_block.h"

namespace zipp::training {

RankingMetrics evaluate_image_align(PersonaModel& model, const partition::Shard& shard,
                                    const at::Tensor& full_table, std::int64_t max_users,
                                    const core::comm::Communicator& comm) {
  RankingTotals totals;
  if (shard.alignment && max_users > 0 && !shard.alignment->user_ids.empty()) {
    torch::NoGradGuard no_grad;
    model->eval();
    const auto available = static_cast<std::int64_t>(shard.alignment->user_ids.size());
    const std::int64_t n = std::min(max_users, available);
    std::vector<std::int64_t> rows(static_cast<std::size_t>(n));
    std::vector<std::int64_t> users(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      rows[i] = i * available / n;
      users[i] = shard.alignment->user_ids[rows[i]];
    }
    const UserBlock block = user_block(shard, users, EdgeSelection::kTrainable, full_table);
    const at::Tensor embedded = model->encoder()->forward(block.input).users;
    const at::Tensor vectors =
        shard.alignment->vectors.index_select(0, core::tensor_view(rows, at::kLong).clone())
            .to(full_table.device());
    ContrastiveHeads& heads = model->align_heads();
    const at::Tensor scores = at::matmul(
        heads->query(embedded), heads->key(model->align_projector()->forward(vectors)).t());
    totals = rank_targets(scores.to(at::kFloat).cpu(), at::arange(n, at::kLong), at::Tensor());
  }
  return finalize(allreduce_totals(comm, totals));
}

}  // namespace zipp::training
