// The contrastive losses against plain double-precision loops over the same inputs, masking,
// the logit-scale clamp, finite-difference gradients and ImageAlign's subset and cap.
#include "training/losses/info_nce.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <ATen/ops/cat.h>
#include <ATen/ops/eye.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

#include "core/error.h"
#include "core/random/rng.h"

namespace zipp::training {
namespace {

at::Tensor random_heads(core::Rng& rng, int64_t rows, int64_t dim) {
  std::vector<double> values(static_cast<std::size_t>(rows * dim));
  for (double& v : values) v = rng.normal();
  at::Tensor t = at::from_blob(values.data(), {rows, dim}, at::kDouble).clone();
  return t.div(t.norm(2, {1}, true));
}

at::Tensor ids_tensor(const std::vector<int64_t>& ids) {
  return at::from_blob(const_cast<int64_t*>(ids.data()), {static_cast<int64_t>(ids.size())},
                       at::kLong)
      .clone();
}

at::Tensor theta(double value) {
  return at::scalar_tensor(value, at::kDouble).set_requires_grad(true);
}

// Row i: log-softmax over the columns j that are i or hold a subreddit other than ids[i].
double reference_loss(const at::Tensor& q, const at::Tensor& k, const std::vector<int64_t>& ids,
                      double log_scale, double tau, bool mask) {
  const int64_t b = q.size(0);
  const int64_t n = k.size(0);
  const auto qa = q.accessor<double, 2>();
  const auto ka = k.accessor<double, 2>();
  const double scale = std::exp(std::min(log_scale, 6.0)) / tau;
  double total = 0;
  for (int64_t i = 0; i < b; ++i) {
    std::vector<double> logits;
    double positive = 0;
    for (int64_t j = 0; j < n; ++j) {
      if (mask && j != i && ids[j] == ids[i]) continue;
      double dot = 0;
      for (int64_t h = 0; h < q.size(1); ++h) dot += qa[i][h] * ka[j][h];
      logits.push_back(scale * dot);
      if (j == i) positive = scale * dot;
    }
    const double top = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (const double l : logits) sum += std::exp(l - top);
    total += top + std::log(sum) - positive;
  }
  return total / b;
}

TEST(LinkInfoNce, MatchesLoopReferenceWithRepeatedSubreddits) {
  core::Rng rng(11, {1});
  const int64_t b = 24;
  const at::Tensor q = random_heads(rng, b, 8);
  const at::Tensor k = random_heads(rng, b, 8);
  std::vector<int64_t> ids(b);
  for (int64_t& id : ids) id = static_cast<int64_t>(rng.below(9));  // many repeats
  for (const double log_scale : {0.0, 1.3, -0.7}) {
    const at::Tensor loss = link_info_nce(q, k, ids_tensor(ids), theta(log_scale));
    EXPECT_NEAR(loss.item<double>(), reference_loss(q, k, ids, log_scale, 0.07, true), 1e-10);
    // Not the unmasked loss: the masking changed something.
    EXPECT_GT(std::abs(loss.item<double>() - reference_loss(q, k, ids, log_scale, 0.07, false)),
              1e-6);
  }
  const at::Tensor loss = link_info_nce(q, k, ids_tensor(ids), theta(0.4), {.tau = 0.2});
  EXPECT_NEAR(loss.item<double>(), reference_loss(q, k, ids, 0.4, 0.2, true), 1e-10);
}

TEST(LinkInfoNce, DuplicateSubredditColumnContributesNothing) {
  core::Rng rng(12, {2});
  const int64_t b = 6;
  const at::Tensor q = random_heads(rng, b, 5);
  const at::Tensor k = random_heads(rng, b, 5);
  // Edges 0 and 5 share subreddit 7: each is the other's false negative.
  const std::vector<int64_t> ids = {7, 1, 2, 3, 4, 7};
  const double with_pair = link_info_nce(q, k, ids_tensor(ids), theta(0)).item<double>();
  // Row 0 alone: the loss with column 5 removed from the key set.
  const at::Tensor row0 = masked_info_nce(q.narrow(0, 0, 1), k.narrow(0, 0, 5), theta(0), 0);
  const at::Tensor row5 = masked_info_nce(q.narrow(0, 5, 1), k.narrow(0, 1, 5), theta(0), 4);
  const at::Tensor middle = masked_info_nce(q.narrow(0, 1, 4), k, theta(0), 1);
  const double expected =
      (row0.item<double>() + row5.item<double>() + 4 * middle.item<double>()) / b;
  EXPECT_NEAR(with_pair, expected, 1e-12);
  // With distinct ids the duplicate column does count.
  const std::vector<int64_t> distinct = {7, 1, 2, 3, 4, 8};
  EXPECT_GT(link_info_nce(q, k, ids_tensor(distinct), theta(0)).item<double>(), with_pair + 1e-9);
}

TEST(LinkInfoNce, LogScaleIsClampedAtSix) {
  core::Rng rng(13, {3});
  const at::Tensor q = random_heads(rng, 10, 4).set_requires_grad(true);
  const at::Tensor k = random_heads(rng, 10, 4);
  std::vector<int64_t> ids(10);
  for (int64_t i = 0; i < 10; ++i) ids[i] = i;
  const at::Tensor at_ten = theta(10);
  const at::Tensor at_six = theta(6);
  const at::Tensor below = theta(5.5);
  const at::Tensor loss_ten = link_info_nce(q, k, ids_tensor(ids), at_ten);
  const at::Tensor loss_six = link_info_nce(q, k, ids_tensor(ids), at_six);
  EXPECT_EQ(loss_ten.item<double>(), loss_six.item<double>());
  EXPECT_NEAR(loss_ten.item<double>(), reference_loss(q.detach(), k, ids, 6, 0.07, true), 1e-10);
  loss_ten.backward();
  link_info_nce(q, k, ids_tensor(ids), below).backward();
  EXPECT_EQ(at_ten.grad().item<double>(), 0.0);
  EXPECT_NE(below.grad().item<double>(), 0.0);  // below the clamp theta learns
  // The cap is an option (model.logit_scale_cap).
  const double capped =
      link_info_nce(q, k, ids_tensor(ids), theta(3), {.max_log_scale = 2}).item<double>();
  EXPECT_EQ(capped, link_info_nce(q, k, ids_tensor(ids), theta(2)).item<double>());
  EXPECT_NE(capped, link_info_nce(q, k, ids_tensor(ids), theta(3)).item<double>());
}

TEST(LinkInfoNce, GradientsMatchFiniteDifferences) {
  core::Rng rng(14, {4});
  const int64_t b = 5;
  const at::Tensor q = random_heads(rng, b, 3).set_requires_grad(true);
  const at::Tensor k = random_heads(rng, b, 3).set_requires_grad(true);
  const at::Tensor t = theta(-1.5);  // a small scale keeps the softmax away from saturation
  const at::Tensor ids = ids_tensor({3, 1, 3, 2, 1});
  link_info_nce(q, k, ids, t).backward();
  const double eps = 1e-6;
  auto loss_at = [&](const at::Tensor& qq, const at::Tensor& kk, const at::Tensor& tt) {
    return link_info_nce(qq, kk, ids, tt).item<double>();
  };
  for (const at::Tensor* input : {&q, &k}) {
    const at::Tensor grad = input->grad();
    for (int64_t i = 0; i < b; ++i) {
      for (int64_t h = 0; h < 3; ++h) {
        at::Tensor plus = input->detach().clone();
        at::Tensor minus = input->detach().clone();
        plus[i][h].add_(eps);
        minus[i][h].sub_(eps);
        const bool is_q = input == &q;
        const double numeric = (loss_at(is_q ? plus : q.detach(), is_q ? k.detach() : plus, t) -
                                loss_at(is_q ? minus : q.detach(), is_q ? k.detach() : minus, t)) /
                               (2 * eps);
        EXPECT_NEAR(grad[i][h].item<double>(), numeric, 1e-6) << (is_q ? "q" : "k") << i << h;
      }
    }
  }
  const double numeric_theta = (loss_at(q.detach(), k.detach(), theta(-1.5 + eps)) -
                                loss_at(q.detach(), k.detach(), theta(-1.5 - eps))) /
                               (2 * eps);
  EXPECT_NEAR(t.grad().item<double>(), numeric_theta, 1e-6);
}

TEST(LinkAccuracy, CountsRowsWhosePositiveWins) {
  // Unit vectors on axes: q_i . k_j = 1 when they share an axis.
  const at::Tensor q = at::eye(4, at::kDouble);
  // Rows 0 and 3 win outright; row 1's positive (axis 2) scores 0 like every other column, and
  // row 2's positive ties with column 1: a tie is a miss unless that column is masked.
  const at::Tensor k =
      at::cat({q.narrow(0, 0, 1), q.narrow(0, 2, 1), q.narrow(0, 2, 1), q.narrow(0, 3, 1)});
  EXPECT_EQ(link_accuracy(q, k, ids_tensor({0, 1, 2, 3})).correct, 2);
  // Rows 1 and 2 share a subreddit: column 1 is masked for row 2, which now wins.
  const InBatchAccuracy acc = link_accuracy(q, k, ids_tensor({0, 2, 2, 3}));
  EXPECT_EQ(acc.correct, 3);
  EXPECT_EQ(acc.rows, 4);
  EXPECT_DOUBLE_EQ(acc.value(), 0.75);
}

TEST(ImageAlignInfoNce, UsesOnlyUsersWithVectorsInBatchOrder) {
  core::Rng rng(15, {5});
  const int64_t b = 12;
  const at::Tensor users = random_heads(rng, b, 6);
  std::vector<int64_t> with;
  std::vector<uint8_t> flags(b, 0);
  for (const int64_t row : {1, 2, 5, 8, 11}) {
    flags[row] = 1;
    with.push_back(row);
  }
  const at::Tensor has_vector = at::from_blob(flags.data(), {b}, at::kByte).clone().to(at::kBool);
  const at::Tensor visual = random_heads(rng, 5, 6);
  const at::Tensor loss = image_align_info_nce(users, has_vector, visual, theta(0.2));
  const at::Tensor selected = users.index_select(0, ids_tensor(with));
  std::vector<int64_t> distinct(5);
  for (int64_t i = 0; i < 5; ++i) distinct[i] = i;
  EXPECT_NEAR(loss.item<double>(), reference_loss(selected, visual, distinct, 0.2, 0.07, false),
              1e-10);
  // Users without a vector do not matter.
  at::Tensor changed = users.clone();
  changed[0].neg_();
  changed[7].copy_(changed[3]);
  EXPECT_EQ(image_align_info_nce(changed, has_vector, visual, theta(0.2)).item<double>(),
            loss.item<double>());
}

TEST(ImageAlignInfoNce, KeepsTheFirstPairsUpToTheCap) {
  core::Rng rng(16, {6});
  const int64_t b = 2100;
  const int64_t dim = 4;
  const at::Tensor users = random_heads(rng, b, dim);
  // Every third user lacks a vector: 1400 have one, below the cap; all-but-one: above it.
  std::vector<uint8_t> flags(b, 1);
  flags[3] = 0;
  const at::Tensor has_vector = at::from_blob(flags.data(), {b}, at::kByte).clone().to(at::kBool);
  const at::Tensor visual = random_heads(rng, b - 1, dim);
  const at::Tensor rows = align_rows(has_vector);
  ASSERT_EQ(rows.size(0), kMaxAlignPairs);
  EXPECT_EQ(rows[2].item<int64_t>(), 2);
  EXPECT_EQ(rows[3].item<int64_t>(), 4);
  EXPECT_EQ(rows[kMaxAlignPairs - 1].item<int64_t>(), kMaxAlignPairs);
  const at::Tensor loss = image_align_info_nce(users, has_vector, visual, theta(0));
  const at::Tensor expected = masked_info_nce(users.index_select(0, rows),
                                              visual.narrow(0, 0, kMaxAlignPairs), theta(0), 0);
  EXPECT_NEAR(loss.item<double>(), expected.item<double>(), 1e-12);
  // Vectors past the cap are ignored.
  at::Tensor tail_changed = visual.clone();
  tail_changed.narrow(0, kMaxAlignPairs, b - 1 - kMaxAlignPairs).neg_();
  EXPECT_EQ(image_align_info_nce(users, has_vector, tail_changed, theta(0)).item<double>(),
            loss.item<double>());
  // A smaller cap through align_rows.
  EXPECT_EQ(align_rows(has_vector, 3).size(0), 3);
}

TEST(ImageAlignInfoNce, NoPairsGivesZeroAndWrongCountsThrow) {
  const at::Tensor users = at::randn({4, 3}, at::kDouble).set_requires_grad(true);
  const at::Tensor none = at::zeros({4}, at::kBool);
  const at::Tensor loss =
      image_align_info_nce(users, none, at::zeros({0, 3}, at::kDouble), theta(0));
  EXPECT_EQ(loss.item<double>(), 0.0);
  loss.backward();  // connected, with a zero gradient
  EXPECT_EQ(users.grad().abs().sum().item<double>(), 0.0);
  EXPECT_THROW(image_align_info_nce(users, none, at::zeros({2, 3}, at::kDouble), theta(0)),
               core::Error);
}

}  // namespace
}  // namespace zipp::training
