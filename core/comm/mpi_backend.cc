#include "core/comm/mpi_backend.h"

#include <algorithm>
#include <string>

#include "core/check.h"
#include "core/comm/mpi_handle.h"
#include "core/comm/tensor_checks.h"
#include "core/str.h"

namespace zipp::core::comm {
namespace {

MPI_Datatype element_type(at::ScalarType dtype) {
  switch (dtype) {
    case at::ScalarType::Float:
      return MPI_FLOAT;
    case at::ScalarType::Long:
      return MPI_INT64_T;
    // Moved as bytes only; never reduced in this type (see mpi_backend.h).
    case at::ScalarType::Half:
    case at::ScalarType::BFloat16:
      return MPI_UINT16_T;
    default:
      break;
  }
  throw Error(
      str("the mpi backend cannot move ", dtype_name(dtype), ": ", supported_dtypes_text()));
}

// A committed MPI datatype for one row of `row_elements` elements, freed on destruction.
class RowType {
 public:
  RowType(MPI_Datatype element, int64_t row_elements) {
    ZIPP_CHECK_LE(row_elements, INT_MAX,
                  "elements in one row (dim-0 slice) of an exchanged tensor");
    check_mpi(MPI_Type_contiguous(static_cast<int>(row_elements), element, &type_),
              "MPI_Type_contiguous");
    check_mpi(MPI_Type_commit(&type_), "MPI_Type_commit");
  }
  ~RowType() { MPI_Type_free(&type_); }
  RowType(const RowType&) = delete;
  RowType& operator=(const RowType&) = delete;
  MPI_Datatype get() const { return type_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

// Row counts and row offsets as the ints MPI takes.
struct RowLayout {
  std::vector<int> counts;
  std::vector<int> displs;
};

RowLayout row_layout(const std::vector<int64_t>& rows, const char* op) {
  RowLayout layout;
  int64_t offset = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    ZIPP_CHECK(rows[r] <= INT_MAX && offset <= INT_MAX, op, ": rank ", r, " exchanges ", rows[r],
               " rows at row offset ", offset, "; MPI counts rows in an int (at most ", INT_MAX,
               "): exchange fewer rows per call");
    layout.counts.push_back(static_cast<int>(rows[r]));
    layout.displs.push_back(static_cast<int>(offset));
    offset += rows[r];
  }
  return layout;
}

void require_cpu_contiguous(const at::Tensor& tensor, const char* op) {
  ZIPP_CHECK(tensor.device().is_cpu(), op,
             ": the mpi backend takes CPU tensors, found a tensor on ", tensor.device().str(),
             "; use the nccl backend for CUDA tensors");
  ZIPP_ASSERT(tensor.is_contiguous(), op, ": the mpi backend needs a contiguous tensor");
}

}  // namespace

MpiBackend::MpiBackend(const Communicator& comm, int64_t max_elements_per_call)
    : comm_(comm.dup()), max_elements_per_call_(max_elements_per_call) {
  ZIPP_CHECK(max_elements_per_call > 0 && max_elements_per_call <= INT_MAX,
             "MpiBackend max_elements_per_call must lie in [1, ", INT_MAX, "], found ",
             max_elements_per_call);
}

void MpiBackend::sum_in_place(at::Tensor& tensor) {
  auto* base = static_cast<char*>(tensor.data_ptr());
  const auto element_bytes = static_cast<int64_t>(tensor.element_size());
  const MPI_Datatype type = element_type(tensor.scalar_type());
  for (int64_t offset = 0; offset < tensor.numel(); offset += max_elements_per_call_) {
    const int64_t count = std::min(max_elements_per_call_, tensor.numel() - offset);
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, base + offset * element_bytes, static_cast<int>(count),
                            type, MPI_SUM, mpi_comm(comm_)),
              "MPI_Allreduce(MPI_SUM)");
  }
}

void MpiBackend::allreduce_sum(at::Tensor& tensor) {
  require_cpu_contiguous(tensor, "allreduce");
  const at::ScalarType dtype = tensor.scalar_type();
  if (dtype == at::ScalarType::Half || dtype == at::ScalarType::BFloat16) {
    at::Tensor wide = tensor.to(at::ScalarType::Float);
    sum_in_place(wide);
    tensor.copy_(wide);
    return;
  }
  sum_in_place(tensor);
}

void MpiBackend::allgatherv(const at::Tensor& send, at::Tensor& recv,
                            const std::vector<int64_t>& rows, int64_t row_elements) {
  require_cpu_contiguous(send, "allgather");
  require_cpu_contiguous(recv, "allgather");
  if (row_elements == 0) return;
  const RowLayout layout = row_layout(rows, "allgather");
  const RowType row(element_type(send.scalar_type()), row_elements);
  check_mpi(MPI_Allgatherv(send.data_ptr(), layout.counts[comm_.rank()], row.get(), recv.data_ptr(),
                           layout.counts.data(), layout.displs.data(), row.get(), mpi_comm(comm_)),
            "MPI_Allgatherv");
}

void MpiBackend::alltoallv(const at::Tensor& send, const std::vector<int64_t>& send_rows,
                           at::Tensor& recv, const std::vector<int64_t>& recv_rows,
                           int64_t row_elements) {
  require_cpu_contiguous(send, "alltoallv");
  require_cpu_contiguous(recv, "alltoallv");
  if (row_elements == 0) return;
  const RowLayout send_layout = row_layout(send_rows, "alltoallv (send)");
  const RowLayout recv_layout = row_layout(recv_rows, "alltoallv (receive)");
  const RowType row(element_type(send.scalar_type()), row_elements);
  check_mpi(MPI_Alltoallv(send.data_ptr(), send_layout.counts.data(), send_layout.displs.data(),
                          row.get(), recv.data_ptr(), recv_layout.counts.data(),
                          recv_layout.displs.data(), row.get(), mpi_comm(comm_)),
            "MPI_Alltoallv");
}

void MpiBackend::broadcast(at::Tensor& tensor, int root) {
  require_cpu_contiguous(tensor, "broadcast");
  auto* base = static_cast<char*>(tensor.data_ptr());
  const auto element_bytes = static_cast<int64_t>(tensor.element_size());
  const MPI_Datatype type = element_type(tensor.scalar_type());
  for (int64_t offset = 0; offset < tensor.numel(); offset += max_elements_per_call_) {
    const int64_t count = std::min(max_elements_per_call_, tensor.numel() - offset);
    check_mpi(MPI_Bcast(base + offset * element_bytes, static_cast<int>(count), type, root,
                        mpi_comm(comm_)),
              "MPI_Bcast");
  }
}

void MpiBackend::barrier() { comm_.barrier(); }

}  // namespace zipp::core::comm
