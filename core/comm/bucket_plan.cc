#include "core/comm/bucket_plan.h"

#include <map>
#include <tuple>

#include "core/check.h"

namespace zipp::core::comm {

std::vector<Bucket> plan_buckets(const std::vector<TensorSpec>& tensors, int64_t bucket_bytes) {
  ZIPP_CHECK_GT(bucket_bytes, 0, "allreduce bucket size in bytes");
  std::vector<Bucket> buckets;
  // The bucket still open for each (dtype, device), as an index into `buckets`.
  std::map<std::tuple<int, int, int>, std::size_t> open;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const TensorSpec& spec = tensors[i];
    ZIPP_CHECK_GE(spec.numel, 0, "tensor ", i, " element count");
    const int64_t bytes = spec.numel * static_cast<int64_t>(c10::elementSize(spec.dtype));
    const auto key =
        std::make_tuple(static_cast<int>(spec.dtype), static_cast<int>(spec.device.type()),
                        static_cast<int>(spec.device.index()));
    auto it = open.find(key);
    if (it != open.end() && buckets[it->second].bytes + bytes > bucket_bytes) {
      open.erase(it);
      it = open.end();
    }
    if (it == open.end()) {
      Bucket bucket;
      bucket.dtype = spec.dtype;
      bucket.device = spec.device;
      buckets.push_back(bucket);
      it = open.emplace(key, buckets.size() - 1).first;
    }
    Bucket& bucket = buckets[it->second];
    bucket.tensors.push_back(i);
    bucket.numel += spec.numel;
    bucket.bytes += bytes;
  }
  // Buckets were created in the order of their first tensor, which is the order promised.
  return buckets;
}

}  // namespace zipp::core::comm
