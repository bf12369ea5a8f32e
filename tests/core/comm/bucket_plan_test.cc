// Bucket planning is a pure function: checked without MPI.
#include "core/comm/bucket_plan.h"

#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::core::comm {
namespace {

const c10::Device cpu(c10::DeviceType::CPU);
const c10::Device gpu0(c10::DeviceType::CUDA, 0);

TensorSpec spec(c10::ScalarType dtype, int64_t numel, c10::Device device = cpu) {
  return {dtype, device, numel};
}

std::vector<std::vector<std::size_t>> members(const std::vector<Bucket>& buckets) {
  std::vector<std::vector<std::size_t>> out;
  out.reserve(buckets.size());
  for (const Bucket& bucket : buckets) out.push_back(bucket.tensors);
  return out;
}

using Members = std::vector<std::vector<std::size_t>>;

TEST(BucketPlan, FillsBucketsInOrderUpToTheLimit) {
  // Five float32 tensors of 4 elements (16 bytes) in 40-byte buckets: two per bucket.
  const std::vector<TensorSpec> specs(5, spec(c10::ScalarType::Float, 4));
  const std::vector<Bucket> buckets = plan_buckets(specs, 40);
  EXPECT_EQ(members(buckets), (Members{{0, 1}, {2, 3}, {4}}));
  EXPECT_EQ(buckets[0].bytes, 32);
  EXPECT_EQ(buckets[0].numel, 8);
  EXPECT_EQ(buckets[2].bytes, 16);
}

TEST(BucketPlan, DtypesAndDevicesNeverShareABucket) {
  const std::vector<TensorSpec> specs = {
      spec(c10::ScalarType::Float, 2), spec(c10::ScalarType::Long, 2),
      spec(c10::ScalarType::Float, 2), spec(c10::ScalarType::Float, 2, gpu0),
      spec(c10::ScalarType::Half, 2),  spec(c10::ScalarType::Long, 2)};
  const std::vector<Bucket> buckets = plan_buckets(specs, 1 << 20);
  // Ordered by first tensor; each keeps input order.
  EXPECT_EQ(members(buckets), (Members{{0, 2}, {1, 5}, {3}, {4}}));
  EXPECT_EQ(buckets[1].dtype, c10::ScalarType::Long);
  EXPECT_EQ(buckets[2].device, gpu0);
  EXPECT_EQ(buckets[3].bytes, 4);  // two float16 elements
}

TEST(BucketPlan, AnOversizedTensorGetsItsOwnBucket) {
  const std::vector<TensorSpec> specs = {spec(c10::ScalarType::Float, 1),
                                         spec(c10::ScalarType::Float, 1000),
                                         spec(c10::ScalarType::Float, 1)};
  EXPECT_EQ(members(plan_buckets(specs, 64)), (Members{{0}, {1}, {2}}));
}

TEST(BucketPlan, EmptyTensorsAndListsAreFine) {
  EXPECT_TRUE(plan_buckets({}, 64).empty());
  const std::vector<TensorSpec> specs = {spec(c10::ScalarType::Float, 0),
                                         spec(c10::ScalarType::Float, 16)};
  EXPECT_EQ(members(plan_buckets(specs, 64)), (Members{{0, 1}}));
}

TEST(BucketPlan, RejectsANonPositiveBucketSize) {
  EXPECT_THROW(plan_buckets({spec(c10::ScalarType::Float, 1)}, 0), Error);
}

}  // namespace
}  // namespace zipp::core::comm
