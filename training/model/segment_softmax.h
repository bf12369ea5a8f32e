// Softmax over variable-length groups of rows (each user's edges), written with scatter and index
// ops so it runs on any device without a CSR layout: the attention of docs method §2 normalises
// over j in N(i), and a block's edges arrive in any order.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace zipp::training {

// scores: [E, K] floating; segment: [E] int64 in [0, num_segments). Returns [E, K] where, for every
// segment and column, the rows of that segment sum to 1. Segments with no rows produce nothing.
// The per-segment maximum is subtracted first (and detached: softmax does not depend on it).
at::Tensor segment_softmax(const at::Tensor& scores, const at::Tensor& segment,
                           std::int64_t num_segments);

}  // namespace zipp::training
