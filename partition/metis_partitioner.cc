#include "partition/metis_partitioner.h"

#include <algorithm>
#include <chrono>

#include "core/check.h"
#include "core/io/h5_tensor.h"
#include "core/log.h"
#include "core/progress.h"
#include "partition/metis_kway.h"
#include "partition/metis_limits.h"
#include "partition/user_chunks.h"

namespace zipp::partition {
namespace {

namespace h5 = core::h5;

// The symmetrised bipartite graph: vertex u < U is user u, vertex U + s is subreddit s.
MetisGraph build_bipartite(const graph::GraphReader& reader, std::int64_t chunk_users) {
  const auto& meta = reader.meta();
  const std::int64_t num_users = meta.num_users;
  const std::int64_t num_vertices = num_users + meta.num_subreddits;
  const bool weigh_edges = meta.num_edges > 0;  // METIS rejects a constraint that sums to zero
  MetisGraph graph;
  graph.num_constraints = weigh_edges ? 2 : 1;
  graph.xadj.assign(num_vertices + 1, 0);
  graph.adjncy.resize(2 * meta.num_edges);
  graph.vwgt.assign(num_vertices * graph.num_constraints, 0);

  core::Progress progress("partition: METIS input", 2 * meta.num_edges,
                          {.unit = "adjacency entries"});
  for_each_user_chunk(reader, chunk_users, ChunkData::kIndices, [&](const UserChunk& chunk) {
    for (std::int64_t u = chunk.begin; u < chunk.end; ++u) {
      const std::int64_t degree = chunk.indptr[u - chunk.begin + 1] - chunk.indptr[u - chunk.begin];
      graph.xadj[u + 1] = static_cast<idx_t>(chunk.indptr[u - chunk.begin + 1]);
      graph.vwgt[u * graph.num_constraints] = 1;
      if (weigh_edges) graph.vwgt[u * 2 + 1] = static_cast<idx_t>(degree);
    }
    const std::int64_t first = chunk.edge_begin();
    for (std::size_t e = 0; e < chunk.indices.size(); ++e) {
      graph.adjncy[first + e] = static_cast<idx_t>(num_users + chunk.indices[e]);
    }
    progress.advance(chunk.num_edges());
  });
  // Subreddit rows: the CSC, read in blocks of edges.
  const at::Tensor csc_indptr = h5::read_tensor(reader.file(), "/csc/indptr").contiguous();
  const auto* offsets = csc_indptr.data_ptr<std::int64_t>();
  for (std::int64_t s = 0; s < meta.num_subreddits; ++s) {
    graph.xadj[num_users + s + 1] = static_cast<idx_t>(meta.num_edges + offsets[s + 1]);
  }
  const h5::Dataset csc_users = h5::open_dataset(reader.file(), "/csc/indices");
  const std::int64_t block = std::max<std::int64_t>(chunk_users * 16, 1 << 20);
  for (std::int64_t first = 0; first < meta.num_edges; first += block) {
    const std::int64_t last = std::min(meta.num_edges, first + block);
    const at::Tensor users = h5::read_rows(csc_users, first, last).contiguous();
    const auto* ids = users.data_ptr<std::int32_t>();
    for (std::int64_t e = first; e < last; ++e) {
      graph.adjncy[meta.num_edges + e] = static_cast<idx_t>(ids[e - first]);
    }
    progress.advance(last - first);
  }
  progress.finish();
  return graph;
}

}  // namespace

Partition partition_metis(const graph::GraphReader& reader, const PartitionOptions& options) {
  const auto& meta = reader.meta();
  const std::string what = core::str("the bipartite graph of ", reader.file().file_name());
  check_metis_index_limit(meta.num_users + meta.num_subreddits, meta.num_edges, metis_index_bits(),
                          what);
  check_metis_memory(estimate_metis_bytes(meta.num_users + meta.num_subreddits, meta.num_edges),
                     available_memory_bytes(), what);
  MetisGraph graph = build_bipartite(reader, options.chunk_users);
  ZIPP_LOG_INFO("partition: METIS k-way, ", options.parts, " parts, ", graph.num_vertices(),
                " vertices, ", meta.num_edges, " edges");
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::int32_t> part =
      metis_part_kway(graph, options.parts, options.tolerance, options.seed, what);
  graph = MetisGraph{};  // METIS's input is no longer needed
  ZIPP_LOG_INFO(
      "partition: METIS done in ",
      core::format_duration(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
  Partition partition;
  partition.num_parts = options.parts;
  partition.method = Method::kMetis;
  partition.seed = options.seed;
  partition.user_part.assign(part.begin(), part.begin() + meta.num_users);
  partition.subreddit_part.assign(part.begin() + meta.num_users, part.end());
  return partition;
}

}  // namespace zipp::partition
