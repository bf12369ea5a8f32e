#include "graph/heldout_split.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "core/random/rng.h"

namespace zipp::graph {

std::int64_t heldout_count(std::int64_t degree, const HeldOutOptions& options) {
  if (options.fraction <= 0 || degree < std::max<std::int64_t>(options.min_degree, 2)) return 0;
  const auto share = static_cast<std::int64_t>(std::floor(options.fraction * degree));
  return std::clamp<std::int64_t>(share, 1, degree - 1);
}

void mark_heldout(std::span<const std::int64_t> indptr, std::int64_t first_user,
                  const HeldOutOptions& options, std::span<std::uint8_t> out) {
  ZIPP_CHECK_T(core::ConfigError, options.fraction >= 0 && options.fraction < 1,
               "held-out split: fraction must be in [0, 1), found ", options.fraction);
  ZIPP_CHECK(!indptr.empty(), "held-out split: indptr needs at least one entry");
  ZIPP_CHECK_EQ(static_cast<std::int64_t>(out.size()), indptr.back() - indptr.front());
  std::fill(out.begin(), out.end(), 0);
  for (std::size_t i = 0; i + 1 < indptr.size(); ++i) {
    const std::int64_t begin = indptr[i] - indptr.front();
    const std::int64_t degree = indptr[i + 1] - indptr[i];
    const std::int64_t k = heldout_count(degree, options);
    if (k == 0) continue;
    // Floyd's algorithm: k distinct positions out of degree with k draws.
    core::Rng rng(options.seed, {static_cast<std::uint64_t>(first_user) + i});
    for (std::int64_t j = degree - k; j < degree; ++j) {
      const auto t = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(j) + 1));
      std::uint8_t& slot = out[begin + t];
      if (slot) {
        out[begin + j] = 1;
      } else {
        slot = 1;
      }
    }
  }
}

}  // namespace zipp::graph
