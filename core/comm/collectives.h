// The one interface the rest of zipp calls for collectives on tensors: allreduce (sum or average,
// bucketed over many tensors), allgather of unequal dim-0 sizes, alltoallv, broadcast and barrier,
// for float32, float16, bfloat16 and int64. This class decides what to exchange and when (the
// plan: input checks, shape and row-count exchanges, buckets); a Backend moves the bytes (MPI for
// CPU tensors, NCCL for CUDA tensors when built).
//
// Every call is collective over the communicator and must be made by all ranks in the same order.
// Before moving data each call exchanges a small description of every rank's input over MPI, so
// a rank whose input is wrong (a dtype outside the four, a trailing shape that differs from the
// other ranks', a different tensor list) makes EVERY rank throw the same core::CollectiveError
// rather than leaving the others waiting. Not thread-safe: one thread at a time per object.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/comm/backend.h"
#include "core/comm/communicator.h"

namespace zipp::core::comm {

enum class ReduceOp { kSum, kAverage };

// kAuto: NCCL for CUDA tensors when built, MPI otherwise.
enum class BackendKind { kAuto, kMpi, kNccl };

std::string_view backend_kind_name(BackendKind kind);
// "auto", "mpi" or "nccl"; a ConfigError lists them (and the built backends) otherwise.
BackendKind parse_backend_kind(std::string_view name);
// "mpi", plus "nccl" when this build has the NCCL backend.
std::vector<std::string> built_backends();

struct CollectivesOptions {
  BackendKind backend = BackendKind::kAuto;
  // Tensors of one dtype and device are packed into buckets of at most this many bytes.
  int64_t bucket_bytes = int64_t{25} << 20;
};

struct GatherResult {
  at::Tensor tensor;          // every rank's rows, concatenated along dim 0 in rank order
  std::vector<int64_t> rows;  // rows[r]: rank r's dim-0 size
};

struct AlltoallResult {
  at::Tensor tensor;               // rows received, grouped by source rank in rank order
  std::vector<int64_t> recv_rows;  // recv_rows[r]: rows that came from rank r
};

class Collectives {
 public:
  // Collective: duplicates `comm` for its own traffic. kNccl starts NCCL here (a ConfigError on
  // a build without it); with kAuto NCCL starts at the first collective on CUDA tensors.
  explicit Collectives(const Communicator& comm, CollectivesOptions options = {});
  ~Collectives();
  Collectives(const Collectives&) = delete;
  Collectives& operator=(const Collectives&) = delete;

  int rank() const { return control_.rank(); }
  int size() const { return control_.size(); }

  // In place. Every rank passes tensors of the same count, dtypes, devices and shapes, in the same
  // order. kAverage divides after summing; it is an error for int64.
  void allreduce(std::vector<at::Tensor>& tensors, ReduceOp op = ReduceOp::kSum);
  void allreduce(at::Tensor& tensor, ReduceOp op = ReduceOp::kSum);
  // Every rank's tensor (at least 1-D, the same trailing shape everywhere, any dim-0 size
  // including 0) concatenated along dim 0 in rank order.
  at::Tensor allgather(const at::Tensor& local);
  GatherResult allgather_with_sizes(const at::Tensor& local);
  // send's first send_rows[0] rows go to rank 0, the next send_rows[1] to rank 1, and so on; the
  // row counts are exchanged first, so the receiver need not know them.
  AlltoallResult alltoallv(const at::Tensor& send, const std::vector<int64_t>& send_rows);
  // Root's values into every rank's tensor of the same shape, in place.
  void broadcast(at::Tensor& tensor, int root);
  void barrier();

  // The backend that moves a tensor on this device ("mpi" or "nccl").
  std::string_view backend_name(const at::Tensor& tensor);

 private:
  enum class Rows { kRequired, kOptional };
  // Problems with this rank's tensor for `op` that need no other rank to see (empty: none).
  std::string local_problem(const at::Tensor& tensor, std::string_view op) const;
  // The same, for a tensor whose shape is exchanged in a header (core/comm/tensor_checks.h);
  // kRequired: it must have a dim 0 to split into rows.
  std::string exchange_problem(const at::Tensor& tensor, std::string_view op, Rows rows) const;
  Backend& backend_for(const at::Tensor& tensor);
  void reduce_bucket(std::vector<at::Tensor>& tensors, const std::vector<std::size_t>& members,
                     ReduceOp op);

  Communicator control_;
  CollectivesOptions options_;
  std::unique_ptr<Backend> mpi_;
  std::unique_ptr<Backend> nccl_;
};

}  // namespace zipp::core::comm
