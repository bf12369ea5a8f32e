// Global negatives on real ranks: each rank holds a slice of one fixed global batch (built the
// same way on every rank), and the per-rank losses and gradients must add up to the
// single-process loss and gradients of the whole batch.
#include <cstdint>
#include <numeric>
#include <vector>

#include <ATen/ops/from_blob.h>
#include <ATen/ops/scalar_tensor.h>
#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

#include "core/comm/collectives.h"
#include "core/comm/communicator.h"
#include "core/random/rng.h"
#include "training/losses/gather_rows.h"
#include "training/losses/info_nce.h"

namespace zipp::training {
namespace {

constexpr double kTolerance = 1e-5;

at::Tensor random_heads(core::Rng& rng, int64_t rows, int64_t dim) {
  std::vector<float> values(static_cast<std::size_t>(rows * dim));
  for (float& v : values) v = static_cast<float>(rng.normal());
  at::Tensor t = at::from_blob(values.data(), {rows, dim}, at::kFloat).clone();
  return t.div(t.norm(2, {1}, true));
}

at::Tensor fresh(const at::Tensor& t) { return t.detach().clone().set_requires_grad(true); }

double max_abs_diff(const at::Tensor& a, const at::Tensor& b) {
  if (a.numel() == 0) return 0;
  return a.sub(b).abs().max().item<double>();
}

class GlobalNegativesTest : public ::testing::Test {
 protected:
  core::comm::Communicator world_ = core::comm::Communicator::world();
  core::comm::Collectives collectives_{world_, {core::comm::BackendKind::kMpi}};
  int rank_ = world_.rank();
  int size_ = world_.size();

  ContrastiveOptions global() {
    return {.negatives = Negatives::kGlobal, .collectives = &collectives_};
  }

  // Compares rank slices of a link loss with global negatives against the whole batch.
  void check_link(const std::vector<int64_t>& sizes) {
    const int64_t total = std::accumulate(sizes.begin(), sizes.end(), int64_t{0});
    const int64_t start = std::accumulate(sizes.begin(), sizes.begin() + rank_, int64_t{0});
    const int64_t rows = sizes[static_cast<std::size_t>(rank_)];
    core::Rng rng(31, {static_cast<uint64_t>(total)});
    const at::Tensor q = random_heads(rng, total, 16);
    const at::Tensor k = random_heads(rng, total, 16);
    std::vector<int64_t> id_values(static_cast<std::size_t>(total));
    // Few subreddits, so repeats cross rank boundaries and must be masked globally.
    for (int64_t& id : id_values) id = static_cast<int64_t>(rng.below(7));
    const at::Tensor ids = at::from_blob(id_values.data(), {total}, at::kLong).clone();

    const at::Tensor q_all = fresh(q), k_all = fresh(k);
    const at::Tensor theta_all = at::scalar_tensor(0.3, at::kFloat).set_requires_grad(true);
    const at::Tensor whole = link_info_nce(q_all, k_all, ids, theta_all);
    whole.backward();

    const at::Tensor q_mine = fresh(q.narrow(0, start, rows));
    const at::Tensor k_mine = fresh(k.narrow(0, start, rows));
    const at::Tensor theta_mine = at::scalar_tensor(0.3, at::kFloat).set_requires_grad(true);
    const at::Tensor mine =
        link_info_nce(q_mine, k_mine, ids.narrow(0, start, rows), theta_mine, global());
    // Weighted as the whole batch's mean weighs this rank's rows.
    const at::Tensor weighted = mine.mul(static_cast<double>(rows) / total);
    weighted.backward();

    at::Tensor summed = weighted.detach().reshape({1}).clone();
    collectives_.allreduce(summed);
    EXPECT_NEAR(summed.item<double>(), whole.item<double>(), kTolerance);
    EXPECT_LE(max_abs_diff(q_mine.grad(), q_all.grad().narrow(0, start, rows)), kTolerance);
    EXPECT_LE(max_abs_diff(k_mine.grad(), k_all.grad().narrow(0, start, rows)), kTolerance);
    at::Tensor theta_grad = theta_mine.grad().reshape({1}).clone();
    collectives_.allreduce(theta_grad);
    EXPECT_NEAR(theta_grad.item<double>(), theta_all.grad().item<double>(), kTolerance);

    // acc@1 over the global batch: the ranks' counts add up to the single-process count.
    const InBatchAccuracy acc_all = link_accuracy(q, k, ids);
    const InBatchAccuracy acc_mine = link_accuracy(
        q.narrow(0, start, rows), k.narrow(0, start, rows), ids.narrow(0, start, rows), global());
    at::Tensor correct = at::scalar_tensor(acc_mine.correct, at::kLong).reshape({1});
    collectives_.allreduce(correct);
    EXPECT_EQ(correct.item<int64_t>(), acc_all.correct);
  }
};

TEST_F(GlobalNegativesTest, EqualSlicesAddUpToTheWholeBatch) {
  check_link(std::vector<int64_t>(static_cast<std::size_t>(size_), 10));
}

TEST_F(GlobalNegativesTest, UnequalSlicesAddUpToTheWholeBatch) {
  std::vector<int64_t> sizes(static_cast<std::size_t>(size_));
  for (int r = 0; r < size_; ++r) sizes[static_cast<std::size_t>(r)] = 3 * r + 2;
  check_link(sizes);
}

TEST_F(GlobalNegativesTest, ARankWithNoRowsStillTakesPart) {
  std::vector<int64_t> sizes(static_cast<std::size_t>(size_), 6);
  sizes[1] = 0;
  check_link(sizes);
}

TEST_F(GlobalNegativesTest, ImageAlignSlicesAddUpToTheWholeBatch) {
  const int64_t per_rank = 9;
  const int64_t total = per_rank * size_;
  const int64_t start = per_rank * rank_;
  core::Rng rng(32, {1});
  const at::Tensor users = random_heads(rng, total, 8);
  std::vector<uint8_t> flags(static_cast<std::size_t>(total));
  for (uint8_t& flag : flags) flag = rng.below(3) != 0 ? 1 : 0;
  const at::Tensor has_vector =
      at::from_blob(flags.data(), {total}, at::kByte).clone().to(at::kBool);
  const int64_t pairs_total = has_vector.sum().item<int64_t>();
  const at::Tensor visual = random_heads(rng, pairs_total, 8);

  const at::Tensor users_all = fresh(users), visual_all = fresh(visual);
  const at::Tensor theta = at::scalar_tensor(-0.2, at::kFloat);
  const at::Tensor whole = image_align_info_nce(users_all, has_vector, visual_all, theta);
  whole.backward();

  const at::Tensor my_flags = has_vector.narrow(0, start, per_rank);
  const int64_t visual_start = has_vector.narrow(0, 0, start).sum().item<int64_t>();
  const int64_t my_pairs = my_flags.sum().item<int64_t>();
  const at::Tensor users_mine = fresh(users.narrow(0, start, per_rank));
  const at::Tensor visual_mine = fresh(visual.narrow(0, visual_start, my_pairs));
  const at::Tensor mine = image_align_info_nce(users_mine, my_flags, visual_mine, theta, global());
  const at::Tensor weighted = mine.mul(static_cast<double>(my_pairs) / pairs_total);
  weighted.backward();

  at::Tensor summed = weighted.detach().reshape({1}).clone();
  collectives_.allreduce(summed);
  EXPECT_NEAR(summed.item<double>(), whole.item<double>(), kTolerance);
  EXPECT_LE(max_abs_diff(users_mine.grad(), users_all.grad().narrow(0, start, per_rank)),
            kTolerance);
  EXPECT_LE(max_abs_diff(visual_mine.grad(), visual_all.grad().narrow(0, visual_start, my_pairs)),
            kTolerance);
}

TEST_F(GlobalNegativesTest, GatherRowsSumsEveryRanksGradientOnTheOwner) {
  // Rank r owns r + 1 rows; every rank weighs gathered row j by (rank + 1), so the owner's
  // gradient is the sum of the weights over ranks, for every one of its rows.
  const at::Tensor local =
      at::scalar_tensor(1.0, at::kFloat).expand({rank_ + 1, 2}).clone().set_requires_grad(true);
  const GatheredRows gathered = gather_rows(local, collectives_);
  ASSERT_EQ(gathered.rows.size(0), int64_t{size_} * (size_ + 1) / 2);
  EXPECT_EQ(gathered.offset, int64_t{rank_} * (rank_ + 1) / 2);
  ASSERT_EQ(gathered.sizes.size(), static_cast<std::size_t>(size_));
  EXPECT_EQ(gathered.sizes.back(), size_);
  gathered.rows.sum().mul(rank_ + 1).backward();
  const double expected = static_cast<double>(size_) * (size_ + 1) / 2;
  EXPECT_EQ(local.grad().min().item<double>(), expected);
  EXPECT_EQ(local.grad().max().item<double>(), expected);
}

}  // namespace
}  // namespace zipp::training
