// The NCCL backend: collectives on CUDA tensors (float32, float16, bfloat16, int64), one GPU per
// rank chosen by local rank. Compiled only when CMake finds CUDA and NCCL (ZIPP_HAVE_NCCL); nccl.h
// and the CUDA runtime stay in nccl_backend.cc.
//
// Synchronisation: the LibTorch zipp builds against may be CPU-only, so c10::cuda (torch's current
// stream, CUDA events) is not available to this file. Each operation therefore synchronises the
// device first (the kernels that produced the input, on whatever stream torch used, have
// finished), runs on the backend's own stream, and synchronises that stream before returning, so
// the result is visible to any stream afterwards. A build against a CUDA LibTorch could replace
// both with an event recorded on torch's current stream.
#pragma once

#include <memory>

#include "core/comm/backend.h"
#include "core/comm/communicator.h"

namespace zipp::core::comm {

class NcclBackend final : public Backend {
 public:
  // Collective over `comm`: every rank binds to GPU (local rank) and joins one NCCL communicator
  // whose id rank 0 creates and MPI broadcasts. A failure on any rank is agreed on
  // (core/comm/agree.h), so every rank throws the same core::CollectiveError.
  explicit NcclBackend(const Communicator& comm);
  ~NcclBackend() override;
  NcclBackend(const NcclBackend&) = delete;
  NcclBackend& operator=(const NcclBackend&) = delete;

  // The CUDA device this rank uses.
  int device() const;

  std::string_view name() const override { return "nccl"; }
  void allreduce_sum(at::Tensor& tensor) override;
  void allgatherv(const at::Tensor& send, at::Tensor& recv, const std::vector<int64_t>& rows,
                  int64_t row_elements) override;
  void alltoallv(const at::Tensor& send, const std::vector<int64_t>& send_rows, at::Tensor& recv,
                 const std::vector<int64_t>& recv_rows, int64_t row_elements) override;
  void broadcast(at::Tensor& tensor, int root) override;
  void barrier() override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace zipp::core::comm
