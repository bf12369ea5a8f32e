// bench_synth: `zipp graph synth` at a chosen scale, in one process (generator threads beside
// the writing thread), timed from the world's construction to the committed file.
//
//   bench_synth USERS SUBREDDITS [MEAN_DEGREE] [OUTPUT] [THREADS] [BLOCK_USERS]
//
// prints
//   bench=graph_synth users=... subreddits=... edges=... seconds=... edges_per_s=...
//   peak_rss_mb=...
// with peak_rss_mb the process's peak resident set (getrusage ru_maxrss). The other parameters
// are the `synth` and `graph` sections' defaults.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>

#include <sys/resource.h>

#include "graph/graph_config.h"
#include "graph/synth/synth_graph.h"

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: %s USERS SUBREDDITS [MEAN_DEGREE] [OUTPUT] [THREADS] [BLOCK_USERS]\n",
                 argv[0]);
    return 2;
  }
  try {
    namespace synth = zipp::graph::synth;
    synth::SynthConfig config;
    config.users = std::stoll(argv[1]);
    config.subreddits = std::stoll(argv[2]);
    if (argc > 3) config.mean_degree = std::stod(argv[3]);
    const std::filesystem::path output =
        argc > 4 ? std::filesystem::path(argv[4])
                 : std::filesystem::temp_directory_path() / "bench_synth.h5";
    if (argc > 5) config.threads = std::stoll(argv[5]);
    if (argc > 6) config.block_users = std::stoll(argv[6]);
    const zipp::graph::GraphConfig graph;
    const std::uint64_t seed = 20260601;

    const auto start = std::chrono::steady_clock::now();
    const synth::World world = synth::make_world(config, graph, seed);
    const synth::SynthSummary summary = synth::write_synthetic_graph(world, graph, seed, output);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "bench=graph_synth users=%lld subreddits=%lld edges=%lld threads=%lld seconds=%.2f "
        "edges_per_s=%.0f peak_rss_mb=%.0f file_mb=%.0f\n",
        static_cast<long long>(summary.graph.num_users),
        static_cast<long long>(summary.graph.num_subreddits),
        static_cast<long long>(summary.graph.num_edges), static_cast<long long>(config.threads),
        seconds, static_cast<double>(summary.graph.num_edges) / seconds, peak_rss_mb(),
        static_cast<double>(std::filesystem::file_size(output)) / (1024.0 * 1024.0));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_synth: %s\n", e.what());
    return 1;
  }
}
