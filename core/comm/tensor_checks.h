// Input checks shared by the collectives: the four dtypes they move, and the shape header each
// rank sends before a collective whose sizes differ by rank, so that every rank sees every
// rank's shape and reaches the same verdict (no rank is left waiting on a rank that gave up).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/ScalarType.h>

#include "core/dtype_name.h"

namespace zipp::core::comm {

bool is_supported_dtype(at::ScalarType dtype);
// "float32", "int64", ... (core/dtype_name.h).
using core::dtype_name;
// "supported dtypes are float32, float16, bfloat16 and int64"
std::string supported_dtypes_text();
// "[3, 4] float32 on cpu"
std::string describe_tensor(const at::Tensor& tensor);

// A header: [problem flag, dtype, device type, device index, ndim, size 0, ..., size 7], sizes
// past ndim as -1. Callers reject tensors of more than kMaxHeaderDims dimensions first.
inline constexpr int kMaxHeaderDims = 8;
inline constexpr std::size_t kHeaderLength = 5 + kMaxHeaderDims;

std::vector<int64_t> tensor_header(const at::Tensor& tensor, std::string_view problem);

// Views over the headers of all ranks, as allgather_ints returns them.
class RankHeaders {
 public:
  explicit RankHeaders(std::vector<int64_t> all) : all_(std::move(all)) {}
  int size() const { return static_cast<int>(all_.size() / kHeaderLength); }
  bool any_problem() const;
  int64_t rows(int rank) const { return at(rank, 5); }
  // "[*, 4] float32 on cpu": the dimensions past the first, dtype and device.
  std::string describe_trailing(int rank) const;
  // Empty when every rank's trailing shape, dtype and device equal rank 0's, else a message that
  // names `op` and the ranks that differ.
  std::string trailing_mismatch(std::string_view op) const;
  // Empty when every rank's full shape, dtype and device equal `root`'s.
  std::string full_mismatch(std::string_view op, int root) const;

 private:
  int64_t at(int rank, std::size_t field) const { return all_[rank * kHeaderLength + field]; }
  std::string describe(int rank, std::size_t first_dim) const;
  std::string mismatch(std::string_view op, int reference, std::size_t first_dim,
                       std::string_view what) const;

  std::vector<int64_t> all_;
};

}  // namespace zipp::core::comm
