// The shape headers ranks exchange before a collective, checked without MPI by building the
// headers of several pretend ranks by hand.
#include "core/comm/tensor_checks.h"

#include <string>
#include <vector>

#include <ATen/ops/ones.h>
#include <gtest/gtest.h>

namespace zipp::core::comm {
namespace {

RankHeaders headers_of(const std::vector<at::Tensor>& per_rank) {
  std::vector<int64_t> all;
  for (const at::Tensor& tensor : per_rank) {
    const std::vector<int64_t> header = tensor_header(tensor, "");
    all.insert(all.end(), header.begin(), header.end());
  }
  return RankHeaders(all);
}

TEST(TensorChecks, FourDtypesAreSupportedAndNamed) {
  EXPECT_TRUE(is_supported_dtype(at::kFloat));
  EXPECT_TRUE(is_supported_dtype(at::kHalf));
  EXPECT_TRUE(is_supported_dtype(at::kBFloat16));
  EXPECT_TRUE(is_supported_dtype(at::kLong));
  EXPECT_FALSE(is_supported_dtype(at::kDouble));
  EXPECT_FALSE(is_supported_dtype(at::kInt));
  EXPECT_EQ(dtype_name(at::kBFloat16), "bfloat16");
  EXPECT_EQ(dtype_name(at::kDouble), "float64");
  EXPECT_EQ(dtype_name(at::kComplexFloat), "ComplexFloat");
  EXPECT_EQ(describe_tensor(at::ones({2, 3}, at::kLong)), "[2, 3] int64 on cpu");
}

TEST(TensorChecks, HeadersCarryRowsAndProblemFlags) {
  const RankHeaders ok = headers_of({at::ones({0, 4}), at::ones({5, 4})});
  EXPECT_EQ(ok.size(), 2);
  EXPECT_FALSE(ok.any_problem());
  EXPECT_EQ(ok.rows(0), 0);
  EXPECT_EQ(ok.rows(1), 5);
  EXPECT_EQ(ok.describe_trailing(1), "[*, 4] float32 on cpu");
  EXPECT_TRUE(ok.trailing_mismatch("allgather").empty());

  std::vector<int64_t> flagged = tensor_header(at::ones({1}), "something is wrong");
  EXPECT_TRUE(RankHeaders(flagged).any_problem());
}

TEST(TensorChecks, MismatchNamesTheRanksThatDiffer) {
  const RankHeaders headers = headers_of(
      {at::ones({2, 4}), at::ones({3, 4}), at::ones({2, 5}), at::ones({2, 4}, at::kHalf)});
  EXPECT_EQ(headers.trailing_mismatch("allgather"),
            "allgather needs the same trailing shape, dtype and device on every rank; rank 0: "
            "[*, 4] float32 on cpu; rank 2: [*, 5] float32 on cpu; rank 3: [*, 4] float16 on cpu");
  EXPECT_EQ(headers.full_mismatch("broadcast", 1),
            "broadcast needs the same shape, dtype and device as the root on every rank; rank 1: "
            "[3, 4] float32 on cpu; rank 0: [2, 4] float32 on cpu; rank 2: [2, 5] float32 on cpu; "
            "rank 3: [2, 4] float16 on cpu");
}

}  // namespace
}  // namespace zipp::core::comm
