#include "partition/metis_limits.h"

#include <cmath>
#include <fstream>
#include <string>

#include <metis.h>

#include "core/check.h"

namespace zipp::partition {

int metis_index_bits() { return IDXTYPEWIDTH; }

void check_metis_index_limit(std::int64_t vertices, std::int64_t undirected_edges, int index_bits,
                             std::string_view what) {
  ZIPP_ASSERT(index_bits == 32 || index_bits == 64, "idx_t of ", index_bits, " bits");
  ZIPP_ASSERT(vertices >= 0 && undirected_edges >= 0, "negative graph size");
  if (index_bits == 64) return;  // 2^63 entries do not fit in memory anyway
  constexpr std::int64_t kLimit = std::int64_t{1} << 31;
  const std::int64_t adjacency = 2 * undirected_edges;
  if (vertices < kLimit && adjacency < kLimit) return;
  throw core::ConfigError(core::str(
      what,
      ": too large for this METIS, which uses 32-bit indices: it needs vertices < 2^31 and "
      "2 x edges < 2^31 (at most ",
      kLimit / 2 - 1, " edges), found ", vertices, " vertices and ", undirected_edges,
      " edges (2 x edges = ", adjacency,
      "). Use partition.method=stream, which runs METIS only on the small subreddit "
      "co-occurrence graph, or partition.method=hash; or rebuild zipp against a METIS built with "
      "IDXTYPEWIDTH=64 (cmake -DMETIS_ROOT=<prefix>)"));
}

std::int64_t estimate_metis_bytes(std::int64_t vertices, std::int64_t undirected_edges) {
  return kMetisBytesPerAdjacency * 2 * undirected_edges + 64 * vertices;
}

std::int64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::int64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

void check_metis_memory(std::int64_t needed, std::int64_t available, std::string_view what) {
  if (available <= 0 || needed <= available) return;
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  throw core::ConfigError(core::str(
      what, ": METIS k-way would need about ", std::round(needed / kGiB * 10) / 10,
      " GiB (measured ", kMetisBytesPerAdjacency, " bytes per adjacency entry), more than the ",
      std::round(available / kGiB * 10) / 10,
      " GiB this machine has available. Use partition.method=stream, whose memory stays "
      "bounded (docs/partitioning.md), or run on a machine with more memory"));
}

void check_metis_status(int status, std::string_view call, std::string_view what) {
  switch (status) {
    case METIS_OK:
      return;
    case METIS_ERROR_INPUT:
      throw core::InputError(core::str(call, " rejected its input (METIS_ERROR_INPUT) for ", what,
                                       ": check that graph.h5 passes validation"));
    case METIS_ERROR_MEMORY:
      throw MetisError(core::str(call, " ran out of memory (METIS_ERROR_MEMORY) on ", what,
                                 "; use partition.method=stream, whose memory stays bounded"),
                       status);
    case METIS_ERROR:
      throw MetisError(core::str(call, " failed (METIS_ERROR) on ", what), status);
    default:
      throw MetisError(core::str(call, " returned the unknown status ", status, " on ", what),
                       status);
  }
}

}  // namespace zipp::partition
