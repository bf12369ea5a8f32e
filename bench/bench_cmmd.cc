// CMMD benchmark (docs/benchmarks.md "Evaluation"): eval::cmmd on two sets of N random unit
// vectors of dimension D (the paper's 30K images x 768-d CLIP ViT-L/14@336 embeddings), and, in
// the same process, the rate of a plain matmul of the blocks' shape and of a square one, so the
// CMMD's matmul rate can be read as a fraction of what this machine's BLAS reaches. One line per
// measurement:
//   bench=cmmd_matmul shape=... gflops=... seconds=...
//   bench=cmmd n=... dim=... block=... precision=... threads=... seconds=... matmul_seconds=...
//     matmul_gflop=... matmul_gflops=... effective_gflops=... fraction_of_peak=... value=...
// matmul_gflops is the CMMD's matmul work over the time spent inside its matmuls,
// effective_gflops the same work over the whole CMMD time (the kernel's exp and sums included);
// fraction_of_peak divides both by the best plain-matmul rate.
//
// Usage: bench_cmmd [--n N] [--dim D] [--block B] [--threads T] [--precision float32|float64]
//        [--seed S]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/ops/randn.h>

#include "bench/bench_flags.h"
#include "eval/metrics/cmmd.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::int64_t n = 30000;
  std::int64_t dim = 768;
  std::int64_t block = 2048;
  std::int64_t threads = 2;
  std::string precision = "float32";
  std::uint64_t seed = 1;
};

Args parse(int argc, char** argv) {
  Args args;
  zipp::bench::Flags flags(argc, argv,
                           "bench_cmmd [--n N] [--dim D] [--block B] [--threads T] "
                           "[--precision float32|float64] [--seed S]");
  while (flags.next()) {
    if (flags.is("--n")) {
      args.n = flags.integer();
    } else if (flags.is("--dim")) {
      args.dim = flags.integer();
    } else if (flags.is("--block")) {
      args.block = flags.integer();
    } else if (flags.is("--threads")) {
      args.threads = flags.integer();
    } else if (flags.is("--precision")) {
      args.precision = flags.text();
    } else if (flags.is("--seed")) {
      args.seed = flags.unsigned_integer();
    } else {
      flags.unknown();
    }
  }
  if (args.n < 1 || args.dim < 1 || args.block < 1 || args.threads < 1 ||
      (args.precision != "float32" && args.precision != "float64")) {
    std::fprintf(stderr, "n, dim, block, threads must be >= 1; precision float32 or float64\n");
    std::exit(2);
  }
  return args;
}

// Best of `repeats` timed a @ b^T after one warm-up; returns GFLOP/s.
double matmul_rate(std::int64_t rows, std::int64_t cols, std::int64_t inner, at::ScalarType dtype,
                   int repeats) {
  const at::Tensor a = at::randn({rows, inner}, at::TensorOptions().dtype(dtype));
  const at::Tensor b = at::randn({cols, inner}, at::TensorOptions().dtype(dtype));
  at::Tensor c = a.mm(b.t());
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    c = a.mm(b.t());
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  const double gflops = 2.0 * rows * cols * inner / best / 1e9;
  std::printf(
      "bench=cmmd_matmul shape=%lldx%lldx%lld dtype=%s threads=%d seconds=%.4f gflops=%.2f\n",
      static_cast<long long>(rows), static_cast<long long>(inner), static_cast<long long>(cols),
      dtype == at::kFloat ? "float32" : "float64", at::get_num_threads(), best, gflops);
  std::fflush(stdout);
  return gflops;
}

at::Tensor unit_rows(std::int64_t n, std::int64_t dim, double shift) {
  at::Tensor rows = at::randn({n, dim}).add_(shift);
  return rows.div_(rows.norm(2, 1, true));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = parse(argc, argv);
    at::set_num_threads(static_cast<int>(args.threads));
    at::manual_seed(static_cast<std::uint64_t>(args.seed));
    const auto dtype = args.precision == "float32" ? at::kFloat : at::kDouble;
    const std::int64_t block = std::min(args.block, args.n);
    // Two sets that differ a little, as two methods' image embeddings do; drawn first, so the
    // same seed gives the same sets whatever the precision and block size.
    const at::Tensor x = unit_rows(args.n, args.dim, 0.0);
    const at::Tensor y = unit_rows(args.n, args.dim, 0.02);
    const double same_shape = matmul_rate(block, block, args.dim, dtype, 3);
    const double square = matmul_rate(1024, 1024, 1024, dtype, 2);
    const double peak = std::max(same_shape, square);
    zipp::eval::CmmdOptions options;
    options.block_rows = args.block;
    options.precision = dtype == at::kFloat ? zipp::eval::GramPrecision::kFloat32
                                            : zipp::eval::GramPrecision::kFloat64;
    const auto result = zipp::eval::cmmd(x, y, options);
    const double gflop = result.matmul_flops / 1e9;
    const double matmul_gflops = gflop / result.matmul_seconds;
    const double effective_gflops = gflop / result.total_seconds;
    std::printf(
        "bench=cmmd n=%lld dim=%lld block=%lld precision=%s threads=%d seconds=%.2f "
        "matmul_seconds=%.2f matmul_gflop=%.1f matmul_gflops=%.2f effective_gflops=%.2f "
        "peak_gflops=%.2f fraction_of_peak=%.3f effective_fraction=%.3f value=%.6f\n",
        static_cast<long long>(args.n), static_cast<long long>(args.dim),
        static_cast<long long>(args.block), args.precision.c_str(), at::get_num_threads(),
        result.total_seconds, result.matmul_seconds, gflop, matmul_gflops, effective_gflops, peak,
        matmul_gflops / peak, effective_gflops / peak, result.value);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_cmmd: %s\n", error.what());
    return 1;
  }
}
