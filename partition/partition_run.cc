#include "partition/partition_run.h"

#include <chrono>
#include <cmath>
#include <regex>

#include "core/check.h"
#include "core/io/atomic_file.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/random/hash.h"
#include "partition/partition_book.h"
#include "partition/partitioner.h"
#include "partition/report.h"
#include "partition/shard.h"
#include "partition/shard_writer.h"

namespace zipp::partition {
namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void remove_stale_shards(const fs::path& dir, std::int64_t parts) {
  static const std::regex kShard(R"(part-(\d+)\.h5)");
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::smatch match;
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, match, kShard) && std::stoll(match[1]) >= parts) {
      fs::remove(entry.path());
    }
  }
}

}  // namespace

graph::GraphReader open_graph(const fs::path& path) {
  ZIPP_CHECK_T(core::InputError, fs::exists(path), "graph file ", core::quoted(path.string()),
               " does not exist: create it with 'zipp graph synth' or 'zipp graph ingest', or "
               "point graph.path at an existing graph.h5");
  return graph::GraphReader::open(path);
}

MethodRun run_method(const graph::GraphReader& reader, const PartitionOptions& options) {
  MethodRun run;
  const auto start = std::chrono::steady_clock::now();
  run.partition = run_partitioner(reader, options);
  run.seconds = seconds_since(start);
  run.measured = measure_partition(reader, run.partition, options.chunk_users);
  return run;
}

MethodRun partition_to_directory(const fs::path& graph_path, const PartitionOptions& options,
                                 const fs::path& dir) {
  const auto start = std::chrono::steady_clock::now();
  const graph::GraphReader reader = open_graph(graph_path);
  const auto& meta = reader.meta();
  ZIPP_LOG_INFO("partition: ", graph_path.string(), " (", meta.num_users, " users, ",
                meta.num_subreddits, " subreddits, ", meta.num_edges, " edges) into ",
                options.parts, " parts by ", method_name(options.method));
  MethodRun run = run_method(reader, options);
  const PartitionQuality& quality = run.measured.quality;
  for (const auto& problem : balance_problems(quality, options.tolerance)) {
    ZIPP_LOG_WARN("partition: ", problem);
  }

  fs::create_directories(dir);
  // Without a book the directory reads as incomplete until the new shards are all in place.
  fs::remove(book_path(dir));
  const std::int64_t token = static_cast<std::int64_t>(
      core::hash_keys(
          {options.seed,
           static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()),
           static_cast<std::uint64_t>(options.parts)}) >>
      1);
  write_shards(reader, run.partition, run.measured.halo, dir, token, options.chunk_users);
  BookInfo info;
  info.num_parts = options.parts;
  info.num_users = meta.num_users;
  info.num_subreddits = meta.num_subreddits;
  info.num_edges = meta.num_edges;
  info.method = std::string(method_name(options.method));
  info.seed = options.seed;
  info.tolerance = options.tolerance;
  info.graph = fs::absolute(graph_path).string();
  info.token = token;
  info.edge_cut = quality.edge_cut();
  write_partition_book(book_path(dir), run.partition, quality, info);
  core::write_file_atomic(
      dir / "report.json",
      format_report_json(graph_path.string(), {ReportEntry{quality, run.seconds}}));
  remove_stale_shards(dir, options.parts);

  ZIPP_LOG_INFO("partition: wrote ", options.parts, " shards and the book to ", dir.string(),
                " in ", core::format_duration(seconds_since(start)), "; ",
                summary_line(quality, run.seconds));
  return run;
}

}  // namespace zipp::partition
