// Partitioning benchmark (docs/benchmarks.md "Partitioning", docs/partitioning.md): each method
// on the same graph.h5, in its own child process so every line's peak memory is that method's
// alone. One line per method:
//   bench=partition method=stream graph=... users=... subreddits=... edges=... parts=8
//     seconds=... measure_seconds=... write_seconds=... total_seconds=... peak_rss_mb=...
//     edge_cut=... user_imbalance=... edge_imbalance=... halo=... replication=...
//     traffic_cached_mb=... traffic_uncached_mb=...
// Usage: bench_partition GRAPH [--parts P] [--methods metis,stream,hash] [--seed N]
//        [--tolerance T] [--passes N] [--write DIR]   (--write also writes shards and book)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench_flags.h"
#include "core/log.h"
#include "partition/partition_book.h"
#include "partition/partition_run.h"
#include "partition/shard_writer.h"

namespace {

namespace fs = std::filesystem;
namespace part = zipp::partition;

struct Args {
  std::string graph;
  std::int64_t parts = 8;
  std::vector<part::Method> methods = {part::Method::kStream, part::Method::kHash};
  std::uint64_t seed = 1;
  double tolerance = 0.05;
  std::int64_t passes = 3;
  std::string write_dir;
};

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run_one(const Args& args, part::Method method) {
  part::PartitionOptions options;
  options.parts = args.parts;
  options.method = method;
  options.seed = args.seed;
  options.tolerance = args.tolerance;
  options.stream.passes = args.passes;
  const auto start = std::chrono::steady_clock::now();
  double seconds = 0;
  double measure_seconds = 0;
  double write_seconds = 0;
  part::PartitionQuality q;
  if (!args.write_dir.empty()) {
    const auto run = part::partition_to_directory(
        args.graph, options, fs::path(args.write_dir) / part::method_name(method));
    seconds = run.seconds;
    q = run.measured.quality;
    write_seconds = since(start) - seconds;
  } else {
    const auto reader = part::open_graph(args.graph);
    const auto run = part::run_method(reader, options);
    seconds = run.seconds;
    q = run.measured.quality;
    measure_seconds = since(start) - seconds;
  }
  std::printf(
      "bench=partition method=%s graph=%s users=%ld subreddits=%ld edges=%ld parts=%ld "
      "seconds=%.2f measure_seconds=%.2f write_seconds=%.2f total_seconds=%.2f peak_rss_mb=%.0f "
      "edge_cut=%.4f user_imbalance=%.4f edge_imbalance=%.4f halo=%ld replication=%.3f "
      "traffic_cached_mb=%.1f traffic_uncached_mb=%.1f\n",
      std::string(part::method_name(method)).c_str(), args.graph.c_str(), q.num_users,
      q.num_subreddits, q.num_edges, q.num_parts, seconds, measure_seconds, write_seconds,
      since(start), peak_rss_mb(), q.edge_cut(), q.user_imbalance(), q.edge_imbalance(),
      q.halo_total(), q.replication_factor(), q.traffic_cached_bytes() / 1048576.0,
      q.traffic_uncached_bytes() / 1048576.0);
  std::fflush(stdout);
  return 0;
}

Args parse(int argc, char** argv) {
  Args args;
  zipp::bench::Flags flags(argc, argv,
                           "bench_partition GRAPH [--parts P] [--methods metis,stream,hash] "
                           "[--seed N] [--tolerance T] [--passes N] [--write DIR]");
  while (flags.next()) {
    if (flags.is("--parts")) {
      args.parts = flags.integer();
    } else if (flags.is("--methods")) {
      args.methods.clear();
      std::istringstream in(flags.text());
      for (std::string name; std::getline(in, name, ',');) {
        args.methods.push_back(part::parse_method(name));
      }
    } else if (flags.is("--seed")) {
      args.seed = flags.unsigned_integer();
    } else if (flags.is("--tolerance")) {
      args.tolerance = flags.real();
    } else if (flags.is("--passes")) {
      args.passes = flags.integer();
    } else if (flags.is("--write")) {
      args.write_dir = flags.text();
    } else if (args.graph.empty() && !flags.arg().starts_with("--")) {
      args.graph = flags.arg();
    } else {
      flags.unknown();
    }
  }
  if (args.graph.empty()) flags.fail("GRAPH is missing");
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  zipp::core::configure_log_from_env();
  const Args args = parse(argc, argv);
  int failures = 0;
  for (const auto method : args.methods) {
    const pid_t child = fork();
    if (child == 0) {
      try {
        std::_Exit(run_one(args, method));
      } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_partition %s: %s\n",
                     std::string(part::method_name(method)).c_str(), error.what());
        std::_Exit(1);
      }
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
  }
  return failures == 0 ? 0 : 1;
}
