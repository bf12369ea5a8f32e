// ImageAlign retrieval metrics for metrics.jsonl (docs/training.md "Evaluation"): on each rank a
// pool of users with a visual-behaviour vector; each user's align query is ranked against the
// projected visual keys of the whole pool, its own vector being the target. acc@1 and MRR are
// summed over ranks (each rank's pool is its own candidate set).
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

#include "core/comm/communicator.h"
#include "partition/shard.h"
#include "training/eval/ranking_metrics.h"
#include "training/model/persona_model.h"

namespace zipp::training {

// Collective (the totals are summed). The pool is `max_users` of this shard's users with a
// vector, evenly spread over them in local order (all when there are fewer); user embeddings
// come from trainable edges. A shard without alignment vectors contributes no query.
RankingMetrics evaluate_image_align(PersonaModel& model, const partition::Shard& shard,
                                    const at::Tensor& full_table, std::int64_t max_users,
                                    const core::comm::Communicator& comm);

}  // namespace zipp::training
