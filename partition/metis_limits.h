// What the linked METIS can take. Debian's libmetis is built with 32-bit idx_t, so the adjacency
// array of a graph (2 entries per undirected edge) must stay below 2^31 entries; a larger graph
// would overflow inside METIS instead of failing cleanly. Checked before METIS is called, with a
// message that says what to do. METIS return codes become typed errors here too.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/error.h"

namespace zipp::partition {

// Bits of METIS's idx_t in the library zipp was built against (METIS_IDX_WIDTH: 32 or 64).
int metis_index_bits();

// ConfigError unless a graph of `vertices` vertices and `undirected_edges` edges (each stored
// twice in METIS's adjacency) fits an idx_t of `index_bits` bits; `what` names the graph in the
// message, which points to partition.method=stream and to a 64-bit METIS build.
void check_metis_index_limit(std::int64_t vertices, std::int64_t undirected_edges, int index_bits,
                             std::string_view what);

// Bytes METIS k-way needs on the symmetrised bipartite graph, from measurements (Debian METIS
// 5.1, 2 constraints, docs/partitioning.md): about kMetisBytesPerAdjacency per adjacency entry
// (2 per edge), the input arrays included.
inline constexpr std::int64_t kMetisBytesPerAdjacency = 80;
std::int64_t estimate_metis_bytes(std::int64_t vertices, std::int64_t undirected_edges);

// MemAvailable of /proc/meminfo in bytes; 0 when unknown.
std::int64_t available_memory_bytes();

// ConfigError when `needed` exceeds `available` (> 0): METIS would be killed for memory or push
// the machine into swap, after minutes of work. The message points to partition.method=stream.
void check_metis_memory(std::int64_t needed, std::int64_t available, std::string_view what);

// METIS failed for a reason other than its input (out of memory, an internal error).
class MetisError : public core::Error {
 public:
  MetisError(const std::string& message, int status) : core::Error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// Nothing for METIS_OK; InputError for METIS_ERROR_INPUT; MetisError for METIS_ERROR_MEMORY,
// METIS_ERROR and unknown codes. `call` is the METIS function, `what` the graph.
void check_metis_status(int status, std::string_view call, std::string_view what);

}  // namespace zipp::partition
