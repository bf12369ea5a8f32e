// The MPI backend: collectives on CPU tensors (float32, float16, bfloat16, int64).
//
// MPI has no 16-bit floating-point types, and MPI_SUM over their bit patterns as integers would be
// wrong, so allreduce of float16/bfloat16 sums a float32 copy and rounds once at the end (also more
// accurate than summing in 16 bits); the other operations only move bytes and send them as
// MPI_UINT16_T. Large tensors: allreduce and broadcast split into calls of at most
// max_elements_per_call elements (MPI counts are int); allgatherv and alltoallv count rows of a
// contiguous derived datatype, so a tensor may exceed 2^31 bytes as long as the row counts and
// offsets fit an int.
#pragma once

#include <climits>
#include <cstdint>

#include "core/comm/backend.h"
#include "core/comm/communicator.h"

namespace zipp::core::comm {

class MpiBackend final : public Backend {
 public:
  // Duplicates `comm` (collective) so its messages never match anyone else's.
  explicit MpiBackend(const Communicator& comm, int64_t max_elements_per_call = INT_MAX);

  std::string_view name() const override { return "mpi"; }
  void allreduce_sum(at::Tensor& tensor) override;
  void allgatherv(const at::Tensor& send, at::Tensor& recv, const std::vector<int64_t>& rows,
                  int64_t row_elements) override;
  void alltoallv(const at::Tensor& send, const std::vector<int64_t>& send_rows, at::Tensor& recv,
                 const std::vector<int64_t>& recv_rows, int64_t row_elements) override;
  void broadcast(at::Tensor& tensor, int root) override;
  void barrier() override;

 private:
  void sum_in_place(at::Tensor& tensor);

  Communicator comm_;
  int64_t max_elements_per_call_;
};

}  // namespace zipp::core::comm
