// Moving bulk data between std::vector / std::span and CPU tensors at an API edge (HDF5 reads and
// writes): a tensor that views a span's memory without copying, and a vector copied out of a
// tensor. The view is only valid while the span's memory lives, and callers must not write
// through it when the span is const.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>
#include <ATen/ops/from_blob.h>

namespace zipp::core {

template <typename T>
at::Tensor tensor_view(std::span<const T> values, c10::ScalarType dtype,
                       std::vector<std::int64_t> shape) {
  return at::from_blob(const_cast<T*>(values.data()), shape, at::TensorOptions().dtype(dtype));
}

// A 1-D view of all the values.
template <typename T>
at::Tensor tensor_view(std::span<const T> values, c10::ScalarType dtype) {
  return tensor_view(values, dtype, {static_cast<std::int64_t>(values.size())});
}

template <typename T>
at::Tensor tensor_view(const std::vector<T>& values, c10::ScalarType dtype,
                       std::vector<std::int64_t> shape) {
  return tensor_view(std::span<const T>(values), dtype, std::move(shape));
}

template <typename T>
at::Tensor tensor_view(const std::vector<T>& values, c10::ScalarType dtype) {
  return tensor_view(std::span<const T>(values), dtype);
}

// A copy of the tensor's elements in row-major order; T must match its dtype.
template <typename T>
std::vector<T> tensor_to_vector(const at::Tensor& tensor) {
  const at::Tensor t = tensor.contiguous();
  std::vector<T> values(static_cast<std::size_t>(t.numel()));
  if (!values.empty()) std::memcpy(values.data(), t.data_ptr<T>(), values.size() * sizeof(T));
  return values;
}

}  // namespace zipp::core
