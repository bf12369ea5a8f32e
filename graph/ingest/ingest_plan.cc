#include "graph/ingest/ingest_plan.h"

#include <algorithm>
#include <numeric>

#include "core/check.h"

namespace zipp::graph {

std::vector<std::vector<IngestPiece>> plan_ingest(const std::vector<InputFile>& files, int ranks,
                                                  std::uint64_t split_bytes) {
  ZIPP_ASSERT(ranks > 0 && split_bytes > 0, "plan_ingest needs ranks > 0 and split_bytes > 0");
  std::vector<IngestPiece> pieces;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const auto file = static_cast<std::uint32_t>(f);
    const std::uint64_t size = files[f].size;
    if (files[f].compression != Compression::kPlain || size <= split_bytes) {
      pieces.push_back(IngestPiece{file, std::nullopt, size});
      continue;
    }
    const std::uint64_t count = (size + split_bytes - 1) / split_bytes;
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t begin = size * i / count;
      const std::uint64_t end = size * (i + 1) / count;
      pieces.push_back(IngestPiece{file, ByteRange{begin, end}, end - begin});
    }
  }
  // Longest processing time first; ties by position so the plan is deterministic.
  std::vector<std::size_t> order(pieces.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return pieces[a].bytes > pieces[b].bytes; });
  std::vector<std::uint64_t> load(static_cast<std::size_t>(ranks), 0);
  std::vector<std::vector<std::size_t>> assigned(static_cast<std::size_t>(ranks));
  for (const std::size_t p : order) {
    const auto rank =
        static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[rank] += std::max<std::uint64_t>(pieces[p].bytes, 1);
    assigned[rank].push_back(p);
  }
  std::vector<std::vector<IngestPiece>> plan(static_cast<std::size_t>(ranks));
  for (std::size_t r = 0; r < assigned.size(); ++r) {
    std::sort(assigned[r].begin(), assigned[r].end());
    for (const std::size_t p : assigned[r]) plan[r].push_back(pieces[p]);
  }
  return plan;
}

}  // namespace zipp::graph
