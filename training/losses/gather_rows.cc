#include "training/losses/gather_rows.h"

#include <cstdint>
#include <numeric>
#include <utility>

#include <torch/csrc/autograd/custom_function.h>

namespace zipp::training {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The Collectives object travels to the backward pass as its address: AutogradContext keeps only
// IValues, and the object is guaranteed by gather_rows's contract to outlive the backward pass.
constexpr const char* kCollectives = "collectives";
constexpr const char* kOffset = "offset";
constexpr const char* kRows = "rows";

class AllGatherRows : public torch::autograd::Function<AllGatherRows> {
 public:
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& local,
                            core::comm::Collectives* collectives, int64_t* offset_out,
                            std::vector<int64_t>* sizes_out) {
    core::comm::GatherResult gathered = collectives->allgather_with_sizes(local.contiguous());
    const int rank = collectives->rank();
    const int64_t offset =
        std::accumulate(gathered.rows.begin(), gathered.rows.begin() + rank, int64_t{0});
    ctx->saved_data[kCollectives] = static_cast<int64_t>(reinterpret_cast<intptr_t>(collectives));
    ctx->saved_data[kOffset] = offset;
    ctx->saved_data[kRows] = local.size(0);
    *offset_out = offset;
    *sizes_out = std::move(gathered.rows);
    return gathered.tensor;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    auto* collectives = reinterpret_cast<core::comm::Collectives*>(
        static_cast<intptr_t>(ctx->saved_data[kCollectives].toInt()));
    const int64_t offset = ctx->saved_data[kOffset].toInt();
    const int64_t rows = ctx->saved_data[kRows].toInt();
    // Every rank's loss may have used this rank's rows: the owner's gradient is the sum over
    // ranks. A clone, because autograd may hand the same gradient buffer to other nodes.
    at::Tensor summed = grad_outputs[0].contiguous().clone();
    collectives->allreduce(summed, core::comm::ReduceOp::kSum);
    return {summed.narrow(0, offset, rows), at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

}  // namespace

GatheredRows gather_rows(const at::Tensor& local, core::comm::Collectives& collectives) {
  GatheredRows out;
  out.rows = AllGatherRows::apply(local, &collectives, &out.offset, &out.sizes);
  return out;
}

}  // namespace zipp::training
