#include "training/eval/clustering.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include <ATen/ops/addmm.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/minimum.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros.h>

#include "core/check.h"
#include "core/error.h"
#include "core/random/rng.h"
#include "graph/synth/world.h"

namespace zipp::training {
namespace {

// Squared distances [n, k] between rows of x and rows of c, clamped at 0 against rounding.
at::Tensor squared_distances(const at::Tensor& x, const at::Tensor& x_sq, const at::Tensor& c) {
  const at::Tensor c_sq = c.mul(c).sum(1).unsqueeze(0);
  return at::addmm(x_sq.add(c_sq), x, c.t(), /*beta=*/1, /*alpha=*/-2).clamp_min(0);
}

// Index of the point where the running sum of weights passes u * total.
std::int64_t draw_weighted(const at::Tensor& weights, core::Rng& rng) {
  const at::Tensor w = weights.contiguous();
  const double* p = w.data_ptr<double>();
  const std::int64_t n = w.size(0);
  double total = 0;
  for (std::int64_t i = 0; i < n; ++i) total += p[i];
  if (!(total > 0)) return static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)));
  const double target = rng.uniform() * total;
  double running = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    running += p[i];
    if (running > target && p[i] > 0) return i;
  }
  for (std::int64_t i = n - 1; i >= 0; --i) {  // rounding left the target past the sum
    if (p[i] > 0) return i;
  }
  return n - 1;
}

// Greedy k-means++ (as scikit-learn's): each further centre is the best of a few D^2-sampled
// candidates, the one that lowers the summed squared distance most; one draw alone too often puts
// two centres in one cluster, which Lloyd's iterations cannot undo.
at::Tensor kmeans_plus_plus(const at::Tensor& x, const at::Tensor& x_sq, int k, core::Rng& rng) {
  const std::int64_t n = x.size(0);
  const int trials = 2 + static_cast<int>(std::log(static_cast<double>(k)));
  std::vector<std::int64_t> chosen{
      static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)))};
  at::Tensor nearest = squared_distances(x, x_sq, x.narrow(0, chosen[0], 1)).squeeze(1);
  for (int j = 1; j < k; ++j) {
    std::vector<std::int64_t> candidates;
    for (int t = 0; t < trials; ++t) candidates.push_back(draw_weighted(nearest, rng));
    const at::Tensor index = at::from_blob(candidates.data(), {trials}, at::kLong).clone();
    // [n, trials]: each point's nearest distance if that candidate joined.
    const at::Tensor with =
        at::minimum(nearest.unsqueeze(1), squared_distances(x, x_sq, x.index_select(0, index)));
    const std::int64_t best = with.sum(0).argmin().item<std::int64_t>();
    chosen.push_back(candidates[static_cast<std::size_t>(best)]);
    nearest = with.select(1, best).contiguous();
  }
  const at::Tensor index = at::from_blob(chosen.data(), {k}, at::kLong);
  return x.index_select(0, index);
}

double entropy(const std::map<std::int32_t, std::int64_t>& counts, double n) {
  double h = 0;
  for (const auto& [label, c] : counts) {
    const double p = static_cast<double>(c) / n;
    h -= p * std::log(p);
  }
  return h;
}

}  // namespace

std::vector<std::int32_t> kmeans(const at::Tensor& points, int k, std::uint64_t seed,
                                 int max_iterations) {
  ZIPP_CHECK_T(core::InputError,
               points.defined() && points.dim() == 2 &&
                   (points.scalar_type() == at::kFloat || points.scalar_type() == at::kDouble),
               "kmeans: points must be float32 or float64 [n, d], found ",
               points.defined() ? points.sizes() : at::IntArrayRef{});
  const std::int64_t n = points.size(0);
  ZIPP_CHECK_T(core::InputError, k >= 1 && k <= n, "kmeans: k must lie in [1, n = ", n, "], found ",
               k);
  ZIPP_CHECK_T(core::InputError, max_iterations >= 1, "kmeans: max_iterations must be >= 1, found ",
               max_iterations);
  const at::Tensor x = points.to(at::kCPU, at::kDouble).contiguous();
  ZIPP_CHECK_T(core::InputError, x.isfinite().all().item<bool>(), "kmeans: points must be finite");
  const at::Tensor x_sq = x.mul(x).sum(1).unsqueeze(1);
  core::Rng rng(seed);
  at::Tensor centres = kmeans_plus_plus(x, x_sq, k, rng);

  at::Tensor labels = squared_distances(x, x_sq, centres).argmin(1);
  for (int it = 1; it < max_iterations; ++it) {
    const at::Tensor sums = at::zeros({k, x.size(1)}, x.options()).index_add_(0, labels, x);
    const at::Tensor counts =
        at::zeros({k}, x.options()).index_add_(0, labels, at::ones_like(labels, x.options()));
    const at::Tensor filled = counts.gt(0).unsqueeze(1);
    centres = at::where(filled, sums.div(counts.clamp_min(1).unsqueeze(1)), centres);
    at::Tensor next = squared_distances(x, x_sq, centres).argmin(1);
    const bool stable = next.equal(labels);
    labels = std::move(next);
    if (stable) break;
  }
  const at::Tensor out = labels.to(at::kInt).contiguous();
  const std::int32_t* p = out.data_ptr<std::int32_t>();
  return std::vector<std::int32_t>(p, p + n);
}

double normalized_mutual_information(std::span<const std::int32_t> a,
                                     std::span<const std::int32_t> b) {
  ZIPP_CHECK_T(core::InputError, a.size() == b.size(),
               "normalized_mutual_information: labelings must have one label per item each, "
               "found ",
               a.size(), " and ", b.size());
  std::map<std::int32_t, std::int64_t> count_a;
  std::map<std::int32_t, std::int64_t> count_b;
  std::map<std::pair<std::int32_t, std::int32_t>, std::int64_t> joint;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ++count_a[a[i]];
    ++count_b[b[i]];
    ++joint[{a[i], b[i]}];
  }
  if (count_a.size() <= 1 && count_b.size() <= 1) return 1.0;
  const auto n = static_cast<double>(a.size());
  double mi = 0;
  for (const auto& [pair, c] : joint) {
    const auto nij = static_cast<double>(c);
    mi += nij / n *
          std::log(n * nij /
                   (static_cast<double>(count_a[pair.first]) *
                    static_cast<double>(count_b[pair.second])));
  }
  const double h = 0.5 * (entropy(count_a, n) + entropy(count_b, n));
  if (mi <= 0 || h <= 0) return 0.0;
  return std::min(1.0, mi / h);
}

std::vector<std::int32_t> dominant_archetypes(const graph::synth::UserTruth& truth) {
  constexpr std::int64_t kSlots = graph::synth::kMaxMixture;
  const std::int64_t n = truth.end - truth.begin;
  ZIPP_CHECK_T(
      core::InputError, n >= 0 && truth.archetypes.size() == static_cast<std::size_t>(kSlots * n),
      "dominant_archetypes: truth for users [", truth.begin, ", ", truth.end, ") must hold ",
      kSlots, " archetype slots per user, found ", truth.archetypes.size(), " slots");
  std::vector<std::int32_t> out(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    out[static_cast<std::size_t>(i)] = truth.archetypes[static_cast<std::size_t>(kSlots * i)];
  }
  return out;
}

}  // namespace zipp::training
