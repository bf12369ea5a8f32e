// "Move these bytes" (Horovod's split): a backend runs one raw collective on one contiguous
// tensor, with every size already agreed. What to exchange and when, bucketing, shape checks and
// row-count exchanges live in core/comm/collectives.h. MPI (CPU tensors, core/comm/mpi_backend.h)
// and NCCL (CUDA tensors, core/comm/nccl_backend.h) implement it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>

namespace zipp::core::comm {

class Backend {
 public:
  virtual ~Backend() = default;

  virtual std::string_view name() const = 0;
  // Elementwise sum over ranks, in place.
  virtual void allreduce_sum(at::Tensor& tensor) = 0;
  // Rank r contributes rows[r] rows of row_elements elements each (send holds rows[rank]);
  // recv receives them all in rank order and holds sum(rows) rows.
  virtual void allgatherv(const at::Tensor& send, at::Tensor& recv,
                          const std::vector<int64_t>& rows, int64_t row_elements) = 0;
  // send holds send_rows[0] rows for rank 0, then send_rows[1] for rank 1, ...; recv receives
  // recv_rows[r] rows from rank r, in rank order.
  virtual void alltoallv(const at::Tensor& send, const std::vector<int64_t>& send_rows,
                         at::Tensor& recv, const std::vector<int64_t>& recv_rows,
                         int64_t row_elements) = 0;
  // Root's contents into every rank's tensor (same shape everywhere), in place.
  virtual void broadcast(at::Tensor& tensor, int root) = 0;
  virtual void barrier() = 0;
};

}  // namespace zipp::core::comm
