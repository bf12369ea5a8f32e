// Plans how a list of tensors is packed into buckets for allreduce: tensors of the same dtype and
// device share a bucket until it would exceed bucket_bytes, so many small gradients travel in a
// few large messages. A pure function of the tensor list, so every rank that passes the same list
// gets the same plan, and it is testable without MPI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

namespace zipp::core::comm {

struct TensorSpec {
  c10::ScalarType dtype = c10::ScalarType::Float;
  c10::Device device = c10::Device(c10::DeviceType::CPU);
  int64_t numel = 0;
};

struct Bucket {
  c10::ScalarType dtype = c10::ScalarType::Float;
  c10::Device device = c10::Device(c10::DeviceType::CPU);
  std::vector<std::size_t> tensors;  // indices into the planned list, ascending
  int64_t numel = 0;
  int64_t bytes = 0;
};

// Buckets ordered by their first tensor; within a bucket, tensors keep their order. A tensor
// larger than bucket_bytes gets a bucket of its own. bucket_bytes must be positive.
std::vector<Bucket> plan_buckets(const std::vector<TensorSpec>& tensors, int64_t bucket_bytes);

}  // namespace zipp::core::comm
