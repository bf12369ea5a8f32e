// Encoder step benchmark (docs/benchmarks.md "Training"): forward and backward time of one
// training step of training::PersonaModel (encoder, link heads, ImageAlign projector and heads)
// with link InfoNCE and ImageAlign InfoNCE (training/losses/info_nce.h), on a synthetic block
// where every user has exactly `fanout` edges. No optimiser and no collectives: the model's own
// compute. One line per run:
//   bench=encoder_step aggregator=gatv2 hidden=512 heads=6 batch=... fanout=... edges=...
//     block_subreddits=... aligned=... threads=... steps=... forward_ms=... backward_ms=...
//     step_ms=... forward_min_ms=... backward_min_ms=... baseline_rss_mb=... peak_rss_mb=...
//     step_mb=... parameters=...
// Times are means over `steps` steps after one warm-up step. baseline_rss_mb is the resident set
// with the model and the block built, before the first step; peak_rss_mb is getrusage's
// ru_maxrss, so step_mb = peak - baseline is what the step's activations and gradients add.
//
// Usage: bench_encoder_step [--hidden H] [--heads K] [--batch B] [--fanout F]
//        [--block-subreddits S] [--aligned-fraction A] [--threads T] [--steps N]
//        [--aggregator gatv2|mean] [--seed N]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/lt.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/randint.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/repeat_interleave.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench/bench_flags.h"
#include "training/losses/info_nce.h"
#include "training/model/persona_model.h"

namespace {

namespace tr = zipp::training;
using Clock = std::chrono::steady_clock;

struct Args {
  std::int64_t hidden = 128;
  std::int64_t heads = 4;
  std::int64_t batch = 1024;
  std::int64_t fanout = 25;
  std::int64_t block_subreddits = 4000;
  double aligned_fraction = 0.3;
  std::int64_t threads = 1;
  std::int64_t steps = 5;
  std::string aggregator = "gatv2";
  std::uint64_t seed = 1;
};

Args parse(int argc, char** argv) {
  Args args;
  zipp::bench::Flags flags(argc, argv,
                           "bench_encoder_step [--hidden H] [--heads K] [--batch B] [--fanout F] "
                           "[--block-subreddits S] [--aligned-fraction A] [--threads T] "
                           "[--steps N] [--aggregator gatv2|mean] [--seed N]");
  while (flags.next()) {
    if (flags.is("--hidden")) {
      args.hidden = flags.integer();
    } else if (flags.is("--heads")) {
      args.heads = flags.integer();
    } else if (flags.is("--batch")) {
      args.batch = flags.integer();
    } else if (flags.is("--fanout")) {
      args.fanout = flags.integer();
    } else if (flags.is("--block-subreddits")) {
      args.block_subreddits = flags.integer();
    } else if (flags.is("--aligned-fraction")) {
      args.aligned_fraction = flags.real();
    } else if (flags.is("--threads")) {
      args.threads = flags.integer();
    } else if (flags.is("--steps")) {
      args.steps = flags.integer();
    } else if (flags.is("--aggregator")) {
      args.aggregator = flags.text();
    } else if (flags.is("--seed")) {
      args.seed = flags.unsigned_integer();
    } else {
      flags.unknown();
    }
  }
  if (args.batch < 1 || args.fanout < 1 || args.block_subreddits < 1 || args.steps < 1 ||
      args.threads < 1) {
    std::fprintf(stderr, "batch, fanout, block-subreddits, steps and threads must be >= 1\n");
    std::exit(2);
  }
  return args;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

double current_rss_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// What the sampler and batch assembly would hand the step: the block, each user's positive
// subreddit (its block index doubles as its id, so repeats are masked as false negatives) and
// the users with an alignment vector.
struct Block {
  tr::EncoderInput input;
  at::Tensor positive;    // [B] int64 block index
  at::Tensor has_vector;  // [B] bool
  at::Tensor alignment;   // [M, Da] float
};

Block make_block(const Args& args, const tr::ModelConfig& config) {
  Block b;
  const std::int64_t edges = args.batch * args.fanout;
  b.input.subreddit_features = at::randn({args.block_subreddits, config.feature_dim});
  b.input.edge_user = at::arange(args.batch, at::kLong).repeat_interleave(args.fanout);
  b.input.edge_subreddit = at::randint(args.block_subreddits, {edges}, at::kLong);
  b.input.edge_features = at::rand({edges, 2});
  b.input.num_users = args.batch;
  b.positive = at::randint(args.block_subreddits, {args.batch}, at::kLong);
  b.has_vector = at::rand({args.batch}).lt(args.aligned_fraction);
  const std::int64_t aligned = b.has_vector.sum().item<std::int64_t>();
  b.alignment = at::randn({aligned, config.alignment_dim});
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = parse(argc, argv);
    at::set_num_threads(static_cast<int>(args.threads));
    at::manual_seed(args.seed);
    tr::ModelConfig config;
    config.hidden = args.hidden;
    config.heads = args.heads;
    config.aggregator = args.aggregator;
    tr::PersonaModel model(config);
    model->train();  // dropout on, as in training
    const Block block = make_block(args, config);
    std::int64_t parameters = 0;
    for (const at::Tensor& p : model->parameters()) parameters += p.numel();
    const double baseline_mb = current_rss_mb();

    double forward_total = 0;
    double backward_total = 0;
    double forward_min = 1e300;
    double backward_min = 1e300;
    for (std::int64_t step = 0; step <= args.steps; ++step) {
      model->zero_grad();
      auto start = Clock::now();
      const tr::EncoderOutput encoded = model->encoder()->forward(block.input);
      tr::ContrastiveHeads& link = model->link_heads();
      const at::Tensor q = link->query(encoded.users);
      const at::Tensor k = link->key(encoded.subreddits.index_select(0, block.positive));
      const at::Tensor link_loss = tr::link_info_nce(q, k, block.positive, link->log_scale());
      tr::ContrastiveHeads& align = model->align_heads();
      const at::Tensor visual = align->key(model->align_projector()->forward(block.alignment));
      const at::Tensor align_loss = tr::image_align_info_nce(
          align->query(encoded.users), block.has_vector, visual, align->log_scale());
      const at::Tensor loss = link_loss + align_loss;
      const double forward = ms_since(start);
      start = Clock::now();
      loss.backward();
      const double backward = ms_since(start);
      if (step == 0) continue;  // warm-up: first-touch allocations and thread pools
      forward_total += forward;
      backward_total += backward;
      forward_min = std::min(forward_min, forward);
      backward_min = std::min(backward_min, backward);
    }
    const double steps = static_cast<double>(args.steps);
    const double peak_mb = peak_rss_mb();
    std::printf(
        "bench=encoder_step aggregator=%s hidden=%lld heads=%lld batch=%lld fanout=%lld "
        "edges=%lld block_subreddits=%lld aligned=%lld threads=%lld steps=%lld forward_ms=%.1f "
        "backward_ms=%.1f step_ms=%.1f forward_min_ms=%.1f backward_min_ms=%.1f "
        "baseline_rss_mb=%.0f peak_rss_mb=%.0f step_mb=%.0f parameters=%lld\n",
        args.aggregator.c_str(), static_cast<long long>(args.hidden),
        static_cast<long long>(args.heads), static_cast<long long>(args.batch),
        static_cast<long long>(args.fanout), static_cast<long long>(block.input.edge_user.size(0)),
        static_cast<long long>(args.block_subreddits),
        static_cast<long long>(block.alignment.size(0)), static_cast<long long>(args.threads),
        static_cast<long long>(args.steps), forward_total / steps, backward_total / steps,
        (forward_total + backward_total) / steps, forward_min, backward_min, baseline_mb, peak_mb,
        peak_mb - baseline_mb, static_cast<long long>(parameters));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_encoder_step: %s\n", e.what());
    return 1;
  }
}
