// One call of METIS_PartGraphKway on a graph in METIS's own CSR arrays, with zipp's conventions:
// balance tolerance per constraint, the run's seed, every return code checked. Private to the
// partition library: it is the one header that exposes <metis.h>, and only .cc files include it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <metis.h>

namespace zipp::partition {

struct MetisGraph {
  idx_t num_constraints = 1;
  std::vector<idx_t> xadj;    // [n+1]
  std::vector<idx_t> adjncy;  // [xadj[n]], both directions of every edge
  std::vector<idx_t> vwgt;    // [n * num_constraints]
  std::vector<idx_t> adjwgt;  // empty: unit edge weights

  idx_t num_vertices() const { return static_cast<idx_t>(xadj.size()) - 1; }
};

// Part of every vertex, in [0, parts). parts must be >= 2 (METIS 5.1 divides by zero on one
// part; callers handle that case without METIS). `what` names the graph in error messages.
std::vector<std::int32_t> metis_part_kway(MetisGraph& graph, std::int64_t parts, double tolerance,
                                          std::uint64_t seed, std::string_view what);

}  // namespace zipp::partition
