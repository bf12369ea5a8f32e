// All-gather of rows with gradients flowing back to their owners, for the global negatives of
// the contrastive losses (docs/training.md "Losses"): every rank sees every rank's keys, and the
// gradient each rank's loss puts on a gathered row is summed back onto the rank that owns it.
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/comm/collectives.h"

namespace zipp::training {

struct GatheredRows {
  at::Tensor rows;             // every rank's rows in rank order; differentiable w.r.t. `local`
  std::vector<int64_t> sizes;  // sizes[r]: rank r's row count
  int64_t offset = 0;          // index of this rank's first row in `rows`
};

// Collective, and so is its backward: every rank must call it in the same order and run the
// backward pass through it (the backward allreduces the gathered gradient, then keeps this rank's
// slice). Ranks may hold different row counts, 0 included. `collectives` must outlive the backward
// pass. dtypes as Collectives (float32, float16, bfloat16, int64; int64 carries no gradient).
GatheredRows gather_rows(const at::Tensor& local, core::comm::Collectives& collectives);

}  // namespace zipp::training
