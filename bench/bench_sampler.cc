// Neighbour sampler benchmark (docs/benchmarks.md "Training"): sampled edges per second of
// training::NeighborSampler on a realistic shard, a synthetic world (graph/synth) partitioned
// into one part, both by calling sample() on one thread and through PrefetchingSampler with 1
// and more worker threads. One line per (fanout, mode, threads):
//   bench=sampler mode=sample threads=1 users=... edges=... batch=10000 fanout=100 batches=...
//     sampled_edges=... wall_seconds=... cpu_seconds=... edges_per_s_per_core=...
//     wall_edges_per_s=... ms_per_batch=... mean_edges=... mean_block=... checksum=...
// cpu_seconds is the process's user + system time over the measurement (the consumer thread
// included), so edges_per_s_per_core is not diluted by other jobs on a shared machine.
// With --checksum, `checksum` hashes every batch's contents (inside the timing, about 7% of it):
// equal checksums mean equal batches, which is how an optimisation of the sampler is checked
// against the previous build on a large shard.
//
// Usage: bench_sampler [--users N] [--subreddits S] [--mean-degree D] [--dir DIR]
//        [--batch B] [--fanouts 100,25] [--epochs E] [--threads 1,2] [--seed N] [--checksum]
// The graph and its one-part partition are written under DIR (default
// /tmp/zipp_bench_sampler/<users>x<subreddits>x<degree>) and reused when already there.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <sys/resource.h>

#include "bench/bench_flags.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "graph/graph_config.h"
#include "graph/synth/synth_graph.h"
#include "partition/partition_book.h"
#include "partition/partition_run.h"
#include "partition/shard.h"
#include "training/sampler/neighbor_sampler.h"
#include "training/sampler/prefetching_sampler.h"

namespace {

namespace fs = std::filesystem;
namespace part = zipp::partition;
namespace tr = zipp::training;

struct Args {
  std::int64_t users = 200000;
  std::int64_t subreddits = 4000;
  double mean_degree = 10.0;
  std::string dir;
  std::int64_t batch = 10000;
  std::vector<std::int64_t> fanouts = {100, 25};
  std::int64_t epochs = 2;
  std::vector<std::int64_t> threads = {1, 2};
  std::uint64_t seed = 1;
  bool checksum = false;
};

std::vector<std::int64_t> parse_list(zipp::bench::Flags& flags) {
  const std::string text = flags.text();
  std::vector<std::int64_t> values;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    try {
      values.push_back(std::stoll(item));
    } catch (const std::exception&) {
      flags.fail("expected a comma-separated list of integers, got '" + text + "'");
    }
  }
  return values;
}

Args parse(int argc, char** argv) {
  Args args;
  zipp::bench::Flags flags(argc, argv,
                           "bench_sampler [--users N] [--subreddits S] [--mean-degree D] "
                           "[--dir DIR] [--batch B] [--fanouts 100,25] [--epochs E] "
                           "[--threads 1,2] [--seed N] [--checksum]");
  while (flags.next()) {
    if (flags.is("--users")) {
      args.users = flags.integer();
    } else if (flags.is("--subreddits")) {
      args.subreddits = flags.integer();
    } else if (flags.is("--mean-degree")) {
      args.mean_degree = flags.real();
    } else if (flags.is("--dir")) {
      args.dir = flags.text();
    } else if (flags.is("--batch")) {
      args.batch = flags.integer();
    } else if (flags.is("--fanouts")) {
      args.fanouts = parse_list(flags);
    } else if (flags.is("--epochs")) {
      args.epochs = flags.integer();
    } else if (flags.is("--threads")) {
      args.threads = parse_list(flags);
    } else if (flags.is("--seed")) {
      args.seed = flags.unsigned_integer();
    } else if (flags.is("--checksum")) {
      args.checksum = true;
    } else {
      flags.unknown();
    }
  }
  if (args.dir.empty()) {
    args.dir = (fs::temp_directory_path() / "zipp_bench_sampler" /
                zipp::core::str(args.users, "x", args.subreddits, "x", args.mean_degree))
                   .string();
  }
  return args;
}

// The one-part partition of the synthetic graph, written once and reused.
fs::path prepare_shards(const Args& args) {
  const fs::path dir(args.dir);
  const fs::path graph_path = dir / "graph.h5";
  const fs::path parts = dir / "parts";
  if (fs::exists(part::book_path(parts))) return parts;
  fs::create_directories(dir);
  if (!fs::exists(graph_path)) {
    namespace synth = zipp::graph::synth;
    synth::SynthConfig config;
    config.users = args.users;
    config.subreddits = args.subreddits;
    config.mean_degree = args.mean_degree;
    const zipp::graph::GraphConfig graph;
    const std::uint64_t seed = 20260601;
    const synth::World world = synth::make_world(config, graph, seed);
    synth::write_synthetic_graph(world, graph, seed, graph_path);
  }
  part::PartitionOptions options;
  options.parts = 1;
  options.method = part::Method::kHash;
  part::partition_to_directory(graph_path, options, parts);
  return parts;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

// Everything sample() returns, folded into one number.
template <typename T>
std::uint64_t fold(std::uint64_t h, const std::vector<T>& values) {
  h = zipp::core::mix64(h ^ values.size());
  for (const T& v : values) {
    std::uint64_t bits = 0;
    if constexpr (std::is_floating_point_v<T>) {
      static_assert(sizeof(T) <= sizeof(bits));
      std::memcpy(&bits, &v, sizeof(T));
    } else {
      bits = static_cast<std::uint64_t>(v);
    }
    h = zipp::core::mix64(h ^ bits);
  }
  return h;
}

std::uint64_t checksum(std::uint64_t h, const tr::MiniBatch& b) {
  h = zipp::core::hash_keys({h, static_cast<std::uint64_t>(b.epoch),
                             static_cast<std::uint64_t>(b.step),
                             static_cast<std::uint64_t>(b.num_positive_subreddits)});
  h = fold(h, b.user_local);
  h = fold(h, b.user_global);
  h = fold(h, b.positive);
  h = fold(h, b.positive_edge);
  h = fold(h, b.block_local);
  h = fold(h, b.block_global);
  h = fold(h, b.edge_user);
  h = fold(h, b.edge_subreddit);
  h = fold(h, b.edge_features);
  h = fold(h, b.edge_id);
  h = fold(h, b.user_edge_count);
  h = fold(h, b.has_alignment);
  h = fold(h, b.alignment_row);
  return h;
}

struct Totals {
  bool with_checksum = false;
  std::int64_t batches = 0;
  std::int64_t edges = 0;
  std::int64_t block = 0;
  std::uint64_t checksum = 0;

  void add(const tr::MiniBatch& b) {
    ++batches;
    edges += b.num_edges();
    block += b.num_block_subreddits();
    if (with_checksum) checksum = ::checksum(checksum, b);
  }
};

void report(const Args& args, const part::Shard& shard, std::int64_t fanout, const char* mode,
            std::int64_t threads, const Totals& t, double wall, double cpu) {
  std::printf(
      "bench=sampler mode=%s threads=%lld users=%lld edges=%lld batch=%lld fanout=%lld "
      "batches=%lld sampled_edges=%lld wall_seconds=%.3f cpu_seconds=%.3f "
      "edges_per_s_per_core=%.0f wall_edges_per_s=%.0f ms_per_batch=%.2f mean_edges=%.0f "
      "mean_block=%.0f peak_rss_mb=%.0f checksum=%s\n",
      mode, static_cast<long long>(threads), static_cast<long long>(shard.num_users()),
      static_cast<long long>(shard.num_edges()), static_cast<long long>(args.batch),
      static_cast<long long>(fanout), static_cast<long long>(t.batches),
      static_cast<long long>(t.edges), wall, cpu, static_cast<double>(t.edges) / cpu,
      static_cast<double>(t.edges) / wall, 1000.0 * wall / static_cast<double>(t.batches),
      static_cast<double>(t.edges) / static_cast<double>(t.batches),
      static_cast<double>(t.block) / static_cast<double>(t.batches), peak_rss_mb(),
      t.with_checksum ? zipp::core::str(std::hex, t.checksum).c_str() : "-");
  std::fflush(stdout);
}

void run_fanout(const Args& args, const part::Shard& shard, std::int64_t fanout) {
  tr::SamplerOptions options;
  options.batch_size = args.batch;
  options.fanout = fanout;
  options.seed = args.seed;
  const std::int64_t steps = tr::NeighborSampler::local_steps_per_epoch(shard, args.batch);
  const tr::NeighborSampler sampler(shard, options, /*rank=*/0, steps);
  // Warm-up: the first epoch's order and the shard's pages.
  sampler.sample(args.epochs, 0);

  {
    Totals t{.with_checksum = args.checksum};
    const double cpu0 = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    for (std::int64_t epoch = 0; epoch < args.epochs; ++epoch) {
      for (std::int64_t step = 0; step < steps; ++step) t.add(sampler.sample(epoch, step));
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report(args, shard, fanout, "sample", 1, t, wall, cpu_seconds() - cpu0);
  }
  for (const std::int64_t threads : args.threads) {
    Totals t{.with_checksum = args.checksum};
    const double cpu0 = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    {
      tr::PrefetchingSampler prefetch(sampler, 0, args.epochs, 0, {.threads = threads});
      while (auto batch = prefetch.next()) t.add(*batch);
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report(args, shard, fanout, "prefetch", threads, t, wall, cpu_seconds() - cpu0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    zipp::core::configure_log_from_env();
    const Args args = parse(argc, argv);
    const fs::path parts = prepare_shards(args);
    const part::Shard shard = part::open_rank_shard(parts, 0);
    for (const std::int64_t fanout : args.fanouts) run_fanout(args, shard, fanout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sampler: %s\n", e.what());
    return 1;
  }
}
