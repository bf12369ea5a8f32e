#include "training/model/segment_softmax.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/zeros.h>

#include "core/check.h"

namespace zipp::training {

at::Tensor segment_softmax(const at::Tensor& scores, const at::Tensor& segment,
                           std::int64_t num_segments) {
  ZIPP_CHECK_EQ(scores.dim(), 2, "segment_softmax: scores must be [E, K]");
  ZIPP_CHECK_EQ(segment.dim(), 1, "segment_softmax: segment must be [E]");
  ZIPP_CHECK_EQ(segment.size(0), scores.size(0), "segment_softmax: one segment id per row");
  const auto shape = std::vector<std::int64_t>{num_segments, scores.size(1)};
  // include_self=false: rows of empty segments keep 0, and a segment's max is its own rows' max.
  const at::Tensor index = segment.unsqueeze(1).expand_as(scores);
  const at::Tensor max = at::zeros(shape, scores.options())
                             .scatter_reduce(0, index, scores.detach(), "amax",
                                             /*include_self=*/false);
  const at::Tensor shifted = (scores - max.index_select(0, segment)).exp();
  const at::Tensor sum = at::zeros(shape, scores.options()).index_add(0, segment, shifted);
  return shifted / sum.index_select(0, segment);
}

}  // namespace zipp::training
