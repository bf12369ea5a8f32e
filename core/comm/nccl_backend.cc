#include "core/comm/nccl_backend.h"

#include <string>

#include <cuda_runtime_api.h>
#include <nccl.h>

#include "core/check.h"
#include "core/comm/agree.h"
#include "core/comm/mpi_handle.h"
#include "core/comm/tensor_checks.h"
#include "core/error.h"
#include "core/log.h"
#include "core/str.h"

namespace zipp::core::comm {
namespace {

void check_cuda(cudaError_t rc, std::string_view op) {
  if (rc == cudaSuccess) return;
  throw Error(str(op, " failed with CUDA error ", static_cast<int>(rc), " (", cudaGetErrorName(rc),
                  "): ", cudaGetErrorString(rc)));
}

void check_nccl(ncclResult_t rc, std::string_view op) {
  if (rc == ncclSuccess) return;
  throw Error(
      str(op, " failed with NCCL error ", static_cast<int>(rc), ": ", ncclGetErrorString(rc)));
}

ncclDataType_t nccl_type(at::ScalarType dtype) {
  switch (dtype) {
    case at::ScalarType::Float:
      return ncclFloat32;
    case at::ScalarType::Half:
      return ncclFloat16;
    case at::ScalarType::BFloat16:
      return ncclBfloat16;
    case at::ScalarType::Long:
      return ncclInt64;
    default:
      break;
  }
  throw Error(
      str("the nccl backend cannot reduce ", dtype_name(dtype), ": ", supported_dtypes_text()));
}

char* bytes_of(const at::Tensor& tensor) { return static_cast<char*>(tensor.data_ptr()); }

std::size_t byte_count(const at::Tensor& tensor) {
  return static_cast<std::size_t>(tensor.numel()) * tensor.element_size();
}

}  // namespace

struct NcclBackend::State {
  int rank = 0;
  int size = 1;
  int device = 0;
  cudaStream_t stream = nullptr;
  ncclComm_t comm = nullptr;
  int* barrier_word = nullptr;  // one device int that barrier() allreduces

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  // Also runs when the constructor fails half-way. A destructor cannot throw: failures here only
  // leak and are logged.
  ~State() {
    if (comm != nullptr && ncclCommDestroy(comm) != ncclSuccess) {
      ZIPP_LOG_ONE(kWarn, "ncclCommDestroy failed");
    }
    if (barrier_word != nullptr && cudaFree(barrier_word) != cudaSuccess) {
      ZIPP_LOG_ONE(kWarn, "cudaFree failed for the nccl barrier word");
    }
    if (stream != nullptr && cudaStreamDestroy(stream) != cudaSuccess) {
      ZIPP_LOG_ONE(kWarn, "cudaStreamDestroy failed");
    }
  }

  void require(const at::Tensor& tensor, const char* op) const {
    ZIPP_CHECK(tensor.is_cuda() && tensor.device().index() == device, op,
               ": the nccl backend on this rank takes CUDA tensors on cuda:", device,
               " (chosen by local rank), found a tensor on ", tensor.device().str());
    ZIPP_ASSERT(tensor.is_contiguous(), op, ": the nccl backend needs a contiguous tensor");
  }

  // See nccl_backend.h: the device sync stands in for waiting on torch's stream.
  void begin(const char* op) const {
    check_cuda(cudaSetDevice(device), str(op, ": cudaSetDevice(", device, ")"));
    check_cuda(cudaDeviceSynchronize(), str(op, ": cudaDeviceSynchronize"));
  }

  void finish(const char* op) const {
    check_cuda(cudaStreamSynchronize(stream), str(op, ": cudaStreamSynchronize"));
    ncclResult_t async_error = ncclSuccess;
    check_nccl(ncclCommGetAsyncError(comm, &async_error), str(op, ": ncclCommGetAsyncError"));
    check_nccl(async_error, str(op, " (asynchronous NCCL error)"));
  }

  // Point-to-point exchange of byte ranges inside one NCCL group; the rank's own part is a copy.
  void exchange(const char* op, const char* send, const std::vector<std::size_t>& send_offsets,
                const std::vector<std::size_t>& send_bytes, char* recv,
                const std::vector<std::size_t>& recv_offsets,
                const std::vector<std::size_t>& recv_bytes) const {
    begin(op);
    check_nccl(ncclGroupStart(), str(op, ": ncclGroupStart"));
    for (int peer = 0; peer < size; ++peer) {
      if (peer == rank) continue;
      if (send_bytes[peer] > 0) {
        check_nccl(
            ncclSend(send + send_offsets[peer], send_bytes[peer], ncclUint8, peer, comm, stream),
            str(op, ": ncclSend to rank ", peer));
      }
      if (recv_bytes[peer] > 0) {
        check_nccl(
            ncclRecv(recv + recv_offsets[peer], recv_bytes[peer], ncclUint8, peer, comm, stream),
            str(op, ": ncclRecv from rank ", peer));
      }
    }
    check_nccl(ncclGroupEnd(), str(op, ": ncclGroupEnd"));
    if (send_bytes[rank] > 0) {
      check_cuda(cudaMemcpyAsync(recv + recv_offsets[rank], send + send_offsets[rank],
                                 send_bytes[rank], cudaMemcpyDeviceToDevice, stream),
                 str(op, ": cudaMemcpyAsync (own rows)"));
    }
    finish(op);
  }
};

NcclBackend::NcclBackend(const Communicator& comm) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.rank = comm.rank();
  s.size = comm.size();
  const Communicator node = comm.split_shared();
  ncclUniqueId id{};
  agree_on_setup(
      comm,
      [&] {
        int devices = 0;
        check_cuda(cudaGetDeviceCount(&devices), "cudaGetDeviceCount");
        ZIPP_CHECK(devices > 0, "the nccl backend needs a CUDA device; this rank sees none");
        // One visible device: the launcher bound this rank to its GPU (e.g. srun --gpu-bind). More:
        // pick by local rank, one rank per GPU (NCCL rejects two ranks on one GPU).
        ZIPP_CHECK(devices == 1 || node.size() <= devices,
                   "the nccl backend runs one rank per GPU: this node runs ", node.size(),
                   " ranks but sees ", devices,
                   " CUDA devices; start fewer ranks per node or use the mpi backend");
        s.device = devices == 1 ? 0 : node.rank();
        check_cuda(cudaSetDevice(s.device), str("cudaSetDevice(", s.device, ")"));
        check_cuda(cudaStreamCreateWithFlags(&s.stream, cudaStreamNonBlocking),
                   "cudaStreamCreateWithFlags");
        check_cuda(cudaMalloc(reinterpret_cast<void**>(&s.barrier_word), sizeof(int)),
                   "cudaMalloc");
        if (s.rank == 0) check_nccl(ncclGetUniqueId(&id), "ncclGetUniqueId");
      },
      "nccl backend start-up");
  check_mpi(MPI_Bcast(&id, sizeof id, MPI_BYTE, 0, mpi_comm(comm)), "MPI_Bcast(ncclUniqueId)");
  agree_on_setup(
      comm,
      [&] {
        check_nccl(ncclCommInitRank(&s.comm, s.size, id, s.rank),
                   str("ncclCommInitRank(rank ", s.rank, " of ", s.size, ")"));
      },
      "nccl backend start-up");
}

NcclBackend::~NcclBackend() = default;

int NcclBackend::device() const { return state_->device; }

void NcclBackend::allreduce_sum(at::Tensor& tensor) {
  const State& s = *state_;
  s.require(tensor, "allreduce");
  s.begin("allreduce");
  check_nccl(
      ncclAllReduce(tensor.data_ptr(), tensor.data_ptr(), static_cast<std::size_t>(tensor.numel()),
                    nccl_type(tensor.scalar_type()), ncclSum, s.comm, s.stream),
      "ncclAllReduce");
  s.finish("allreduce");
}

void NcclBackend::allgatherv(const at::Tensor& send, at::Tensor& recv,
                             const std::vector<int64_t>& rows, int64_t row_elements) {
  const State& s = *state_;
  s.require(send, "allgather");
  s.require(recv, "allgather");
  const std::size_t row_bytes = static_cast<std::size_t>(row_elements) * send.element_size();
  std::vector<std::size_t> send_offsets(s.size, 0);
  std::vector<std::size_t> send_bytes(s.size, byte_count(send));
  std::vector<std::size_t> recv_offsets(s.size);
  std::vector<std::size_t> recv_bytes(s.size);
  std::size_t offset = 0;
  for (int r = 0; r < s.size; ++r) {
    recv_offsets[r] = offset;
    recv_bytes[r] = static_cast<std::size_t>(rows[r]) * row_bytes;
    offset += recv_bytes[r];
  }
  s.exchange("allgather", bytes_of(send), send_offsets, send_bytes, bytes_of(recv), recv_offsets,
             recv_bytes);
}

void NcclBackend::alltoallv(const at::Tensor& send, const std::vector<int64_t>& send_rows,
                            at::Tensor& recv, const std::vector<int64_t>& recv_rows,
                            int64_t row_elements) {
  const State& s = *state_;
  s.require(send, "alltoallv");
  s.require(recv, "alltoallv");
  const std::size_t row_bytes = static_cast<std::size_t>(row_elements) * send.element_size();
  std::vector<std::size_t> send_offsets(s.size), send_bytes(s.size);
  std::vector<std::size_t> recv_offsets(s.size), recv_bytes(s.size);
  std::size_t send_offset = 0;
  std::size_t recv_offset = 0;
  for (int r = 0; r < s.size; ++r) {
    send_offsets[r] = send_offset;
    send_bytes[r] = static_cast<std::size_t>(send_rows[r]) * row_bytes;
    send_offset += send_bytes[r];
    recv_offsets[r] = recv_offset;
    recv_bytes[r] = static_cast<std::size_t>(recv_rows[r]) * row_bytes;
    recv_offset += recv_bytes[r];
  }
  s.exchange("alltoallv", bytes_of(send), send_offsets, send_bytes, bytes_of(recv), recv_offsets,
             recv_bytes);
}

void NcclBackend::broadcast(at::Tensor& tensor, int root) {
  const State& s = *state_;
  s.require(tensor, "broadcast");
  s.begin("broadcast");
  check_nccl(ncclBroadcast(tensor.data_ptr(), tensor.data_ptr(), byte_count(tensor), ncclUint8,
                           root, s.comm, s.stream),
             "ncclBroadcast");
  s.finish("broadcast");
}

void NcclBackend::barrier() {
  const State& s = *state_;
  s.begin("barrier");
  check_nccl(ncclAllReduce(s.barrier_word, s.barrier_word, 1, ncclInt32, ncclSum, s.comm, s.stream),
             "ncclAllReduce (barrier)");
  s.finish("barrier");
}

}  // namespace zipp::core::comm
