#include "partition/metis_kway.h"

#include "core/check.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "partition/metis_limits.h"

namespace zipp::partition {

std::vector<std::int32_t> metis_part_kway(MetisGraph& graph, std::int64_t parts, double tolerance,
                                          std::uint64_t seed, std::string_view what) {
  ZIPP_ASSERT(parts >= 2, "metis_part_kway needs at least 2 parts, got ", parts);
  idx_t n = graph.num_vertices();
  ZIPP_ASSERT(n >= 1 && static_cast<std::int64_t>(graph.adjncy.size()) == graph.xadj.back() &&
                  graph.vwgt.size() == static_cast<std::size_t>(n) * graph.num_constraints &&
                  (graph.adjwgt.empty() || graph.adjwgt.size() == graph.adjncy.size()),
              "inconsistent METIS arrays for ", what);
  idx_t ncon = graph.num_constraints;
  idx_t nparts = static_cast<idx_t>(parts);
  std::vector<real_t> ubvec(ncon, static_cast<real_t>(1.0 + tolerance));
  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_OBJTYPE] = METIS_OBJTYPE_CUT;
  options[METIS_OPTION_NCUTS] = 1;
  options[METIS_OPTION_NUMBERING] = 0;
  // idx_t may be 32 bits: fold the 64-bit run seed into a non-negative value.
  options[METIS_OPTION_SEED] = static_cast<idx_t>(core::mix64(seed) & 0x3fffffff);
  idx_t edge_cut = 0;
  std::vector<idx_t> part(n, 0);
  ZIPP_LOG_DEBUG("METIS k-way on ", what, ": ", n, " vertices, ", graph.adjncy.size() / 2,
                 " edges, ", ncon, " constraint(s), ", parts, " parts");
  const int status =
      METIS_PartGraphKway(&n, &ncon, graph.xadj.data(), graph.adjncy.data(), graph.vwgt.data(),
                          nullptr, graph.adjwgt.empty() ? nullptr : graph.adjwgt.data(), &nparts,
                          nullptr, ubvec.data(), options, &edge_cut, part.data());
  check_metis_status(status, "METIS_PartGraphKway", what);
  std::vector<std::int32_t> result(part.begin(), part.end());
  for (const std::int32_t p : result) {
    ZIPP_ASSERT(p >= 0 && p < parts, "METIS returned part ", p, " for ", parts, " parts");
  }
  return result;
}

}  // namespace zipp::partition
