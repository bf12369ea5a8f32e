// Collectives on real ranks with the MPI backend: results checked against closed forms.
#include "core/comm/collectives.h"

#include <string>
#include <vector>

#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/full.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include "core/comm/bucket_plan.h"
#include "core/comm/mpi_backend.h"
#include "core/error.h"

namespace zipp::core::comm {
namespace {

constexpr at::ScalarType kDtypes[] = {at::kFloat, at::kHalf, at::kBFloat16, at::kLong};

// Small integers, exact in every dtype: element i of rank r is (r + 1) * (i % 7 + 1).
at::Tensor rank_values(int rank, at::IntArrayRef shape, at::ScalarType dtype) {
  int64_t numel = 1;
  for (const int64_t size : shape) numel *= size;
  const at::Tensor base = at::arange(numel, at::kLong).remainder(7).add(1);
  return base.mul(rank + 1).reshape(shape).to(dtype);
}

at::Tensor as_double(const at::Tensor& tensor) { return tensor.to(at::kDouble); }

std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const CollectiveError& error) {
    return error.what();
  }
  return "no CollectiveError";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CollectivesTest : public ::testing::Test {
 protected:
  Communicator world_ = Communicator::world();
  Collectives collectives_{world_, {BackendKind::kMpi, 256}};
  int rank_ = world_.rank();
  int size_ = world_.size();
  // Sum over ranks of (r + 1).
  int64_t rank_sum_ = int64_t{size_} * (size_ + 1) / 2;
};

TEST_F(CollectivesTest, AllreduceSumAndAverageMatchClosedFormForEveryDtype) {
  for (const at::ScalarType dtype : kDtypes) {
    SCOPED_TRACE(c10::toString(dtype));
    at::Tensor summed = rank_values(rank_, {4, 4}, dtype);
    collectives_.allreduce(summed, ReduceOp::kSum);
    const at::Tensor base = rank_values(0, {4, 4}, at::kDouble);
    EXPECT_EQ(summed.scalar_type(), dtype);
    EXPECT_TRUE(at::equal(as_double(summed), base.mul(static_cast<double>(rank_sum_))));
    if (dtype == at::kLong) continue;
    at::Tensor averaged = rank_values(rank_, {4, 4}, dtype);
    collectives_.allreduce(averaged, ReduceOp::kAverage);
    EXPECT_TRUE(at::equal(as_double(averaged), base.mul((size_ + 1) / 2.0)));
  }
}

TEST_F(CollectivesTest, BucketedAllreduceOfManyMixedTensors) {
  std::vector<at::Tensor> tensors;
  std::vector<at::Tensor> bases;
  std::vector<TensorSpec> specs;
  for (int k = 0; k < 50; ++k) {
    const at::ScalarType dtype = kDtypes[k % 4];
    const std::vector<int64_t> shape = k % 5 == 0   ? std::vector<int64_t>{}
                                       : k % 5 == 1 ? std::vector<int64_t>{k}
                                                    : std::vector<int64_t>{k % 3 + 1, k % 4 + 2};
    at::Tensor tensor = rank_values(rank_, shape, dtype);
    if (k % 7 == 3 && tensor.dim() == 2) tensor = tensor.t();  // a non-contiguous input
    bases.push_back(as_double(rank_values(0, shape, dtype)));
    if (k % 7 == 3 && bases.back().dim() == 2) bases.back() = bases.back().t();
    specs.push_back({dtype, tensor.device(), tensor.numel()});
    tensors.push_back(tensor);
  }
  ASSERT_GT(plan_buckets(specs, 256).size(), 4U) << "the test must exercise several buckets";
  collectives_.allreduce(tensors, ReduceOp::kSum);
  for (int k = 0; k < 50; ++k) {
    SCOPED_TRACE(k);
    EXPECT_EQ(tensors[k].scalar_type(), kDtypes[k % 4]);
    EXPECT_TRUE(at::equal(as_double(tensors[k]), bases[k].mul(static_cast<double>(rank_sum_))));
  }
}

TEST_F(CollectivesTest, AllgatherConcatenatesUnequalRowCounts) {
  // Rank r gives r + 1 rows, except the last rank, which gives none.
  const auto rows_of = [&](int r) { return r == size_ - 1 ? 0 : r + 1; };
  for (const at::ScalarType dtype : kDtypes) {
    SCOPED_TRACE(c10::toString(dtype));
    const at::Tensor local =
        at::full({rows_of(rank_), 3}, rank_ + 1, at::TensorOptions().dtype(dtype));
    const GatherResult gathered = collectives_.allgather_with_sizes(local);
    ASSERT_EQ(static_cast<int>(gathered.rows.size()), size_);
    int64_t offset = 0;
    for (int r = 0; r < size_; ++r) {
      EXPECT_EQ(gathered.rows[r], rows_of(r));
      const at::Tensor part = gathered.tensor.narrow(0, offset, rows_of(r));
      EXPECT_TRUE(at::equal(as_double(part), at::full({rows_of(r), 3}, r + 1.0, at::kDouble)));
      offset += rows_of(r);
    }
    EXPECT_EQ(gathered.tensor.size(0), offset);
    EXPECT_EQ(gathered.tensor.size(1), 3);
    EXPECT_EQ(gathered.tensor.scalar_type(), dtype);
  }
  const at::Tensor flat = collectives_.allgather(at::arange(rank_ + 1, at::kLong));
  EXPECT_EQ(flat.numel(), rank_sum_);
}

TEST_F(CollectivesTest, AlltoallvThereAndBackRestoresTheInput) {
  // Rank r sends (r + d) % 3 rows to rank d (some zero); row j to d holds [r, d, j, 0].
  std::vector<int64_t> send_rows;
  std::vector<at::Tensor> blocks;
  for (int d = 0; d < size_; ++d) {
    const int64_t rows = (rank_ + d) % 3;
    send_rows.push_back(rows);
    at::Tensor block = at::zeros({rows, 4}, at::kFloat);
    for (int64_t j = 0; j < rows; ++j) {
      block[j][0] = rank_;
      block[j][1] = d;
      block[j][2] = static_cast<double>(j);
    }
    blocks.push_back(block);
  }
  const at::Tensor send = at::cat(blocks);
  const AlltoallResult there = collectives_.alltoallv(send, send_rows);
  int64_t offset = 0;
  for (int s = 0; s < size_; ++s) {
    ASSERT_EQ(there.recv_rows[s], (s + rank_) % 3);
    for (int64_t j = 0; j < there.recv_rows[s]; ++j) {
      const at::Tensor row = there.tensor[offset + j];
      EXPECT_EQ(row[0].item<float>(), s);
      EXPECT_EQ(row[1].item<float>(), rank_);
      EXPECT_EQ(row[2].item<float>(), j);
    }
    offset += there.recv_rows[s];
  }
  const AlltoallResult back = collectives_.alltoallv(there.tensor, there.recv_rows);
  EXPECT_EQ(back.recv_rows, send_rows);
  EXPECT_TRUE(at::equal(back.tensor, send));
}

TEST_F(CollectivesTest, BroadcastCopiesTheRootIntoEveryRank) {
  const int root = size_ - 1;
  for (const at::ScalarType dtype : kDtypes) {
    SCOPED_TRACE(c10::toString(dtype));
    const at::Tensor expected = at::arange(12, at::kLong).reshape({3, 4}).to(dtype);
    at::Tensor tensor = rank_ == root ? expected.clone() : at::zeros({3, 4}, dtype);
    collectives_.broadcast(tensor, root);
    EXPECT_TRUE(at::equal(tensor, expected));
  }
  // Into a non-contiguous view: the values land in the caller's storage.
  at::Tensor storage = rank_ == 0 ? at::arange(6, at::kFloat).reshape({2, 3}) : at::zeros({2, 3});
  at::Tensor view = storage.t();
  collectives_.broadcast(view, 0);
  EXPECT_TRUE(at::equal(storage, at::arange(6, at::kFloat).reshape({2, 3})));
}

TEST_F(CollectivesTest, UnsupportedDtypeOnOneRankFailsOnEveryRank) {
  at::Tensor tensor = at::ones({3}, rank_ == 1 ? at::kDouble : at::kFloat);
  const std::string message = message_of([&] { collectives_.allreduce(tensor); });
  EXPECT_TRUE(contains(message, "allreduce failed on 1 of")) << message;
  EXPECT_TRUE(contains(message, "rank 1: allreduce of tensor 0 of 1")) << message;
  EXPECT_TRUE(contains(message, "float64")) << message;
  EXPECT_TRUE(contains(message, "float32, float16, bfloat16 and int64")) << message;
  // The ranks are still in step afterwards.
  at::Tensor ok = at::ones({2});
  collectives_.allreduce(ok);
  EXPECT_TRUE(at::equal(ok, at::full({2}, static_cast<float>(size_))));
}

TEST_F(CollectivesTest, MismatchedTrailingShapesAreNamed) {
  const at::Tensor local = at::ones({2, rank_ == 1 ? 5 : 4});
  const std::string message = message_of([&] { (void)collectives_.allgather(local); });
  EXPECT_TRUE(contains(message, "allgather needs the same trailing shape")) << message;
  EXPECT_TRUE(contains(message, "rank 0: [*, 4] float32 on cpu")) << message;
  EXPECT_TRUE(contains(message, "rank 1: [*, 5] float32 on cpu")) << message;

  const std::vector<int64_t> rows(size_, 1);
  const at::Tensor send = at::ones({size_, rank_ == 0 ? 2 : 3}, at::kLong);
  const std::string a2a = message_of([&] { (void)collectives_.alltoallv(send, rows); });
  EXPECT_TRUE(contains(a2a, "rank 1: [*, 3] int64 on cpu")) << a2a;
}

TEST_F(CollectivesTest, DifferentTensorListsAreCaught) {
  std::vector<at::Tensor> tensors = {at::ones({2})};
  if (rank_ == 0) tensors.push_back(at::ones({3}));
  const std::string message = message_of([&] { collectives_.allreduce(tensors); });
  EXPECT_TRUE(contains(message, "ranks passed different tensor lists")) << message;
}

TEST_F(CollectivesTest, AverageOfInt64IsRefused) {
  at::Tensor tensor = at::ones({2}, at::kLong);
  const std::string message =
      message_of([&] { collectives_.allreduce(tensor, ReduceOp::kAverage); });
  EXPECT_TRUE(contains(message, "the average of int64 values is not an int64")) << message;
}

TEST_F(CollectivesTest, BadRowCountsAndRootsAreAgreedErrors) {
  const at::Tensor send = at::ones({2, 2});
  const std::vector<int64_t> too_many(size_, 2);  // sums past 2 rows
  const std::string a2a = message_of([&] { (void)collectives_.alltoallv(send, too_many); });
  EXPECT_TRUE(contains(a2a, "must be non-negative and sum to the tensor's 2 rows")) << a2a;

  at::Tensor tensor = at::ones({2});
  const std::string bcast = message_of([&] { collectives_.broadcast(tensor, size_); });
  EXPECT_TRUE(contains(bcast, "root rank")) << bcast;

  at::Tensor shaped = at::ones({rank_ == 0 ? 2 : 3});
  const std::string shape = message_of([&] { collectives_.broadcast(shaped, 0); });
  EXPECT_TRUE(contains(shape, "the same shape, dtype and device as the root")) << shape;
}

TEST_F(CollectivesTest, ScalarsAndTooManyDimensionsCannotBeGathered) {
  const at::Tensor local = rank_ == 0 ? at::ones({}) : at::ones({1});
  const std::string scalar = message_of([&] { (void)collectives_.allgather(local); });
  EXPECT_TRUE(contains(scalar, "rank 0: allgather: the tensor is a scalar")) << scalar;

  const at::Tensor deep = at::ones({1, 1, 1, 1, 1, 1, 1, 1, 1});
  const std::string dims = message_of([&] { (void)collectives_.allgather(deep); });
  EXPECT_TRUE(contains(dims, "the tensor has 9 dimensions; at most 8")) << dims;
}

TEST_F(CollectivesTest, BarrierAndBackendNames) {
  EXPECT_NO_THROW(collectives_.barrier());
  EXPECT_EQ(collectives_.backend_name(at::ones({1})), "mpi");
  const std::vector<std::string> built = built_backends();
  ASSERT_FALSE(built.empty());
  EXPECT_EQ(built.front(), "mpi");
}

TEST(Collectives, AutoMovesCpuTensorsWithMpi) {
  const Communicator world = Communicator::world();
  Collectives automatic(world);
  EXPECT_EQ(automatic.backend_name(at::ones({1})), "mpi");
  EXPECT_EQ(parse_backend_kind("auto"), BackendKind::kAuto);
  EXPECT_EQ(parse_backend_kind("nccl"), BackendKind::kNccl);
  EXPECT_THROW(parse_backend_kind("gloo"), ConfigError);
}

#ifdef ZIPP_HAVE_NCCL
TEST(Collectives, NcclStartUpEitherWorksOrFailsOnEveryRank) {
  // Where this runs without one GPU per rank (no GPU here; one GPU shared by 2-4 ranks), NCCL
  // cannot start: every rank must throw the same agreed error, and none may hang.
  const Communicator world = Communicator::world();
  try {
    Collectives nccl(world, {BackendKind::kNccl});
    at::Tensor cpu = at::ones({2});
    const std::string message = message_of([&] { nccl.allreduce(cpu); });
    EXPECT_TRUE(
        contains(message, "the nccl backend was chosen but the tensor is [2] float32 on cpu"))
        << message;
  } catch (const CollectiveError& error) {
    const std::string message = error.what();
    EXPECT_TRUE(contains(message, "nccl backend start-up failed on ")) << message;
  }
}
#endif

TEST(MpiBackend, LargeTensorsTravelInSeveralCalls) {
  // A 7-element call limit stands in for MPI's int limit: 50 elements take 8 calls.
  const Communicator world = Communicator::world();
  MpiBackend backend(world, /*max_elements_per_call=*/7);
  for (const at::ScalarType dtype : kDtypes) {
    SCOPED_TRACE(c10::toString(dtype));
    at::Tensor tensor = rank_values(world.rank(), {50}, dtype);
    backend.allreduce_sum(tensor);
    const double rank_sum = world.size() * (world.size() + 1) / 2.0;
    EXPECT_TRUE(at::equal(as_double(tensor), as_double(rank_values(0, {50}, dtype)).mul(rank_sum)));

    at::Tensor broadcasted =
        world.rank() == 0 ? rank_values(0, {50}, dtype) : at::zeros({50}, dtype);
    backend.broadcast(broadcasted, 0);
    EXPECT_TRUE(at::equal(broadcasted, rank_values(0, {50}, dtype)));
  }
}

}  // namespace
}  // namespace zipp::core::comm
