#include "core/comm/tensor_checks.h"

#include <algorithm>

#include <c10/core/Device.h>

#include "core/str.h"

namespace zipp::core::comm {

bool is_supported_dtype(at::ScalarType dtype) {
  return dtype == at::ScalarType::Float || dtype == at::ScalarType::Half ||
         dtype == at::ScalarType::BFloat16 || dtype == at::ScalarType::Long;
}

std::string supported_dtypes_text() {
  return "supported dtypes are float32, float16, bfloat16 and int64";
}

std::string describe_tensor(const at::Tensor& tensor) {
  return str(tensor.sizes(), ' ', dtype_name(tensor.scalar_type()), " on ", tensor.device().str());
}

std::vector<int64_t> tensor_header(const at::Tensor& tensor, std::string_view problem) {
  std::vector<int64_t> header(kHeaderLength, -1);
  header[0] = problem.empty() ? 0 : 1;
  if (!tensor.defined()) return header;
  header[1] = static_cast<int64_t>(tensor.scalar_type());
  header[2] = static_cast<int64_t>(tensor.device().type());
  // NOLINTNEXTLINE(bugprone-signed-char-misuse): index -1 (none) must stay -1
  header[3] = static_cast<int64_t>(tensor.device().index());
  header[4] = tensor.dim();
  for (int64_t d = 0; d < std::min<int64_t>(tensor.dim(), kMaxHeaderDims); ++d) {
    header[5 + d] = tensor.size(d);
  }
  return header;
}

bool RankHeaders::any_problem() const {
  for (int r = 0; r < size(); ++r) {
    if (at(r, 0) != 0) return true;
  }
  return false;
}

std::string RankHeaders::describe(int rank, std::size_t first_dim) const {
  std::string shape = first_dim == 0 ? "[" : "[*";
  const int64_t ndim = std::min<int64_t>(at(rank, 4), kMaxHeaderDims);
  for (int64_t d = static_cast<int64_t>(first_dim); d < ndim; ++d) {
    shape += str(d == 0 ? "" : ", ", at(rank, 5 + d));
  }
  const auto device = c10::Device(static_cast<c10::DeviceType>(at(rank, 2)),
                                  static_cast<c10::DeviceIndex>(at(rank, 3)));
  return str(shape, "] ", dtype_name(static_cast<at::ScalarType>(at(rank, 1))), " on ",
             device.str());
}

std::string RankHeaders::describe_trailing(int rank) const { return describe(rank, 1); }

std::string RankHeaders::mismatch(std::string_view op, int reference, std::size_t first_dim,
                                  std::string_view what) const {
  const std::string expected = describe(reference, first_dim);
  std::string differing;
  int count = 0;
  for (int r = 0; r < size(); ++r) {
    const std::string found = describe(r, first_dim);
    if (found == expected) continue;
    if (++count <= 8) differing += str("; rank ", r, ": ", found);
  }
  if (count == 0) return {};
  if (count > 8) differing += str("; and ", count - 8, " more ranks");
  return str(op, " needs ", what, " on every rank; rank ", reference, ": ", expected, differing);
}

std::string RankHeaders::trailing_mismatch(std::string_view op) const {
  return mismatch(op, 0, 1, "the same trailing shape, dtype and device");
}

std::string RankHeaders::full_mismatch(std::string_view op, int root) const {
  return mismatch(op, root, 0, "the same shape, dtype and device as the root");
}

}  // namespace zipp::core::comm
