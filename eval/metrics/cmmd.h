// CMMD (Jayasumana et al. 2024), the distance between two sets of image embeddings that zipp's
// benchmark reports (docs/evaluation.md, ../shared/docs/method.md §5): with the Gaussian RBF
// kernel k(a, b) = exp(-|a - b|^2 / (2 sigma^2)), sigma = 10,
//   CMMD = 1000 * (mean k(X, X) + mean k(Y, Y) - 2 mean k(X, Y)),
// every mean over all pairs with the diagonal included (the reference implementation's biased
// estimate of the squared MMD; no square root). Lower is better.
//
// The kernel matrices are never held whole: rows are taken in blocks, each block's Gram matrix is
// one LibTorch matmul, and the kernel values are summed in float64. k(X, X) and k(Y, Y) are
// symmetric, so only blocks on or above the diagonal are computed. Embeddings are used as given;
// the reference implementation L2-normalizes them when it embeds the images.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace zipp::eval {

// The dtype of the block Gram matrices. Kernel values and their sums are float64 either way;
// float32 products are what the reference implementation computes (and twice as fast).
enum class GramPrecision { kFloat32, kFloat64 };

struct CmmdOptions {
  double sigma = 10.0;
  double scale = 1000.0;
  // Rows per block: a block pair holds block_rows^2 float64 kernel values (32 MiB at 2048).
  std::int64_t block_rows = 2048;
  GramPrecision precision = GramPrecision::kFloat32;
};

struct CmmdResult {
  double value = 0.0;    // scale * (mean_xx + mean_yy - 2 mean_xy)
  double mean_xx = 0.0;  // mean of k over all (x, x') pairs, diagonal included
  double mean_yy = 0.0;
  double mean_xy = 0.0;
  double matmul_flops = 0.0;    // 2 * rows * cols * dim summed over the block Gram matmuls done
  double matmul_seconds = 0.0;  // time spent in those matmuls
  double total_seconds = 0.0;
};

// x [N, D] and y [M, D], float32 or float64 CPU tensors with N, M, D >= 1 and finite values;
// InputError otherwise (naming the set, X or Y, and what was found).
CmmdResult cmmd(const at::Tensor& x, const at::Tensor& y, const CmmdOptions& options = {});

}  // namespace zipp::eval
