#include "core/comm/collectives.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <numeric>

#include <ATen/core/grad_mode.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/empty.h>

#include "core/check.h"
#include "core/comm/agree.h"
#include "core/comm/bucket_plan.h"
#include "core/comm/control.h"
#include "core/comm/mpi_backend.h"
#include "core/comm/tensor_checks.h"
#include "core/error.h"
#include "core/str.h"
#ifdef ZIPP_HAVE_NCCL
#include "core/comm/nccl_backend.h"
#endif

namespace zipp::core::comm {
namespace {

// FNV-1a over the values that must match across ranks, kept to 62 bits so the exchange below can
// negate it (max over -x is minus the min over x).
class Signature {
 public:
  void add(int64_t value) {
    for (int byte = 0; byte < 8; ++byte) {
      hash_ ^= (static_cast<uint64_t>(value) >> (8 * byte)) & 0xffU;
      hash_ *= 1099511628211ULL;
    }
  }
  int64_t value() const { return static_cast<int64_t>(hash_ >> 2); }

 private:
  uint64_t hash_ = 14695981039346656037ULL;
};

int64_t row_elements_of(at::IntArrayRef sizes) {
  return std::accumulate(sizes.begin() + 1, sizes.end(), int64_t{1}, std::multiplies<>());
}

std::vector<int64_t> with_rows(at::IntArrayRef sizes, int64_t rows) {
  std::vector<int64_t> shape = sizes.vec();
  shape[0] = rows;
  return shape;
}

int64_t sum_of(const std::vector<int64_t>& values) {
  return std::accumulate(values.begin(), values.end(), int64_t{0});
}

}  // namespace

std::string_view backend_kind_name(BackendKind kind) {
  switch (kind) {
    case BackendKind::kAuto:
      return "auto";
    case BackendKind::kMpi:
      return "mpi";
    case BackendKind::kNccl:
      return "nccl";
  }
  return "unknown";
}

std::vector<std::string> built_backends() {
#ifdef ZIPP_HAVE_NCCL
  return {"mpi", "nccl"};
#else
  return {"mpi"};
#endif
}

BackendKind parse_backend_kind(std::string_view name) {
  for (const BackendKind kind : {BackendKind::kAuto, BackendKind::kMpi, BackendKind::kNccl}) {
    if (backend_kind_name(kind) == name) return kind;
  }
  std::string built;
  for (const std::string& backend : built_backends()) {
    built += (built.empty() ? "" : ", ") + backend;
  }
  throw ConfigError(str("collective backend ", quoted(name),
                        " is not known; expected one of auto, mpi, nccl (this build has ", built,
                        ")"));
}

Collectives::Collectives(const Communicator& comm, CollectivesOptions options)
    : control_(comm.dup()), options_(options), mpi_(std::make_unique<MpiBackend>(control_)) {
  ZIPP_CHECK_T(ConfigError, options_.bucket_bytes > 0, "collectives bucket size in bytes");
  if (options_.backend == BackendKind::kNccl) {
#ifdef ZIPP_HAVE_NCCL
    nccl_ = std::make_unique<NcclBackend>(control_);
#else
    throw ConfigError(
        "collective backend 'nccl' was asked for, but this build has no NCCL "
        "backend (CUDA and NCCL were not found when it was configured); use 'mpi'");
#endif
  }
}

Collectives::~Collectives() = default;

std::string Collectives::local_problem(const at::Tensor& tensor, std::string_view op) const {
  if (!tensor.defined()) return str(op, ": the tensor is undefined");
  if (!is_supported_dtype(tensor.scalar_type())) {
    return str(op, ": cannot exchange a tensor of ", describe_tensor(tensor), "; ",
               supported_dtypes_text());
  }
  const bool cuda = tensor.is_cuda();
  if (!cuda && !tensor.device().is_cpu()) {
    return str(op, ": tensors must be on the CPU or a CUDA device, found ",
               describe_tensor(tensor));
  }
  if (cuda && options_.backend == BackendKind::kMpi) {
    return str(op, ": the mpi backend was chosen but the tensor is ", describe_tensor(tensor),
               "; move it to the CPU or choose the nccl backend");
  }
  if (!cuda && options_.backend == BackendKind::kNccl) {
    return str(op, ": the nccl backend was chosen but the tensor is ", describe_tensor(tensor),
               "; move it to its CUDA device or choose the mpi backend");
  }
#ifndef ZIPP_HAVE_NCCL
  if (cuda) {
    return str(op, ": the tensor is ", describe_tensor(tensor),
               " but this build has no nccl backend; move it to the CPU");
  }
#endif
  return {};
}

std::string Collectives::exchange_problem(const at::Tensor& tensor, std::string_view op,
                                          Rows rows) const {
  std::string problem = local_problem(tensor, op);
  if (!problem.empty()) return problem;
  if (rows == Rows::kRequired && tensor.dim() == 0) {
    return str(op, ": the tensor is a scalar; give it at least one dimension (reshape to [1])");
  }
  if (tensor.dim() > kMaxHeaderDims) {
    return str(op, ": the tensor has ", tensor.dim(), " dimensions; at most ", kMaxHeaderDims,
               " are supported here, reshape it");
  }
  return {};
}

Backend& Collectives::backend_for(const at::Tensor& tensor) {
  if (!tensor.is_cuda()) return *mpi_;
#ifdef ZIPP_HAVE_NCCL
  // Every rank reaches this together: inputs were checked to be on the same kind of device.
  if (!nccl_) nccl_ = std::make_unique<NcclBackend>(control_);
  return *nccl_;
#else
  throw InternalError("a CUDA tensor reached the collectives of a build without NCCL");
#endif
}

std::string_view Collectives::backend_name(const at::Tensor& tensor) {
  return backend_for(tensor).name();
}

void Collectives::allreduce(at::Tensor& tensor, ReduceOp op) {
  std::vector<at::Tensor> one = {tensor};
  allreduce(one, op);
}

void Collectives::allreduce(std::vector<at::Tensor>& tensors, ReduceOp op) {
  std::string problem;
  Signature signature;
  signature.add(static_cast<int64_t>(tensors.size()));
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const at::Tensor& t = tensors[i];
    problem = local_problem(t, str("allreduce of tensor ", i, " of ", tensors.size()));
    if (problem.empty() && op == ReduceOp::kAverage && t.scalar_type() == at::ScalarType::Long) {
      problem = str("allreduce of tensor ", i, " of ", tensors.size(),
                    ": the average of int64 values is not an int64; sum them, or convert to "
                    "float32 first");
    }
    if (!problem.empty()) break;
    signature.add(static_cast<int64_t>(t.scalar_type()));
    signature.add(static_cast<int64_t>(t.device().type()));
    signature.add(t.dim());
    for (const int64_t size : t.sizes()) signature.add(size);
  }
  const int64_t failed = problem.empty() ? 0 : 1;
  const std::vector<int64_t> agreed =
      allreduce_max_ints(control_, {failed, signature.value(), -signature.value()});
  if (agreed[0] != 0) agree_on_problem(control_, problem, "allreduce");
  if (agreed[1] != -agreed[2]) {
    throw CollectiveError(
        "allreduce: ranks passed different tensor lists (their count, dtypes, devices or shapes "
        "differ); every rank must pass the same list in the same order");
  }

  std::vector<TensorSpec> specs;
  specs.reserve(tensors.size());
  for (const at::Tensor& t : tensors) specs.push_back({t.scalar_type(), t.device(), t.numel()});
  at::NoGradGuard no_grad;  // results are written into the callers' tensors, leaves included
  for (const Bucket& bucket : plan_buckets(specs, options_.bucket_bytes)) {
    reduce_bucket(tensors, bucket.tensors, op);
  }
}

void Collectives::reduce_bucket(std::vector<at::Tensor>& tensors,
                                const std::vector<std::size_t>& members, ReduceOp op) {
  const at::Tensor& first = tensors[members.front()];
  Backend& backend = backend_for(first);
  const bool in_place = members.size() == 1 && first.is_contiguous();
  at::Tensor flat;
  if (in_place) {
    flat = first.view({-1});
  } else {
    std::vector<at::Tensor> parts;
    parts.reserve(members.size());
    for (const std::size_t i : members) parts.push_back(tensors[i].reshape({-1}));
    flat = at::cat(parts);
  }
  backend.allreduce_sum(flat);
  if (op == ReduceOp::kAverage) flat.div_(static_cast<double>(size()));
  if (in_place) return;
  int64_t offset = 0;
  for (const std::size_t i : members) {
    at::Tensor& t = tensors[i];
    t.copy_(flat.narrow(0, offset, t.numel()).view(t.sizes()));
    offset += t.numel();
  }
}

GatherResult Collectives::allgather_with_sizes(const at::Tensor& local) {
  const std::string problem = exchange_problem(local, "allgather", Rows::kRequired);
  const RankHeaders headers(allgather_ints(control_, tensor_header(local, problem)));
  if (headers.any_problem()) agree_on_problem(control_, problem, "allgather");
  if (std::string mismatch = headers.trailing_mismatch("allgather"); !mismatch.empty()) {
    throw CollectiveError(mismatch);
  }
  GatherResult result;
  for (int r = 0; r < size(); ++r) result.rows.push_back(headers.rows(r));
  result.tensor = at::empty(with_rows(local.sizes(), sum_of(result.rows)), local.options());
  backend_for(local).allgatherv(local.contiguous(), result.tensor, result.rows,
                                row_elements_of(local.sizes()));
  return result;
}

at::Tensor Collectives::allgather(const at::Tensor& local) {
  return allgather_with_sizes(local).tensor;
}

AlltoallResult Collectives::alltoallv(const at::Tensor& send,
                                      const std::vector<int64_t>& send_rows) {
  std::string problem = exchange_problem(send, "alltoallv", Rows::kRequired);
  if (problem.empty() && std::ssize(send_rows) != size()) {
    problem = str("alltoallv: send_rows holds ", send_rows.size(),
                  " counts; expected one per rank (", size(), ")");
  } else if (problem.empty()) {
    const bool negative =
        std::any_of(send_rows.begin(), send_rows.end(), [](int64_t rows) { return rows < 0; });
    if (negative || sum_of(send_rows) != send.size(0)) {
      problem = str("alltoallv: send_rows ", at::IntArrayRef(send_rows),
                    " must be non-negative and sum to the tensor's ", send.size(0), " rows (",
                    describe_tensor(send), ")");
    }
  }
  const RankHeaders headers(allgather_ints(control_, tensor_header(send, problem)));
  if (headers.any_problem()) agree_on_problem(control_, problem, "alltoallv");
  if (std::string mismatch = headers.trailing_mismatch("alltoallv"); !mismatch.empty()) {
    throw CollectiveError(mismatch);
  }
  AlltoallResult result;
  result.recv_rows = alltoall_ints(control_, send_rows);
  result.tensor = at::empty(with_rows(send.sizes(), sum_of(result.recv_rows)), send.options());
  backend_for(send).alltoallv(send.contiguous(), send_rows, result.tensor, result.recv_rows,
                              row_elements_of(send.sizes()));
  return result;
}

void Collectives::broadcast(at::Tensor& tensor, int root) {
  std::string problem = exchange_problem(tensor, "broadcast", Rows::kOptional);
  if (problem.empty() && (root < 0 || root >= size())) {
    problem = str("broadcast: root rank ", root, " is outside [0, ", size(), ")");
  }
  const RankHeaders headers(allgather_ints(control_, tensor_header(tensor, problem)));
  if (headers.any_problem()) agree_on_problem(control_, problem, "broadcast");
  if (std::string mismatch = headers.full_mismatch("broadcast", root); !mismatch.empty()) {
    throw CollectiveError(mismatch);
  }
  at::NoGradGuard no_grad;  // parameters broadcast at start-up are leaves that require grad
  at::Tensor buffer = tensor.contiguous();
  backend_for(tensor).broadcast(buffer, root);
  if (!buffer.is_same(tensor)) tensor.copy_(buffer);
}

void Collectives::barrier() {
  if (options_.backend == BackendKind::kNccl) {
    nccl_->barrier();
  } else {
    mpi_->barrier();
  }
}

}  // namespace zipp::core::comm
