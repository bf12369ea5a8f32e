// Stream keys of the sampler's random draws (core/random/rng.h), one per kind of draw, so the
// user order, the positive edges and the neighbourhoods never share numbers.
#pragma once

#include <cstdint>

namespace zipp::training {

inline constexpr std::uint64_t kOrderStream = 0x5a3d'0001;     // {epoch, rank, pass}
inline constexpr std::uint64_t kPositiveStream = 0x5a3d'0002;  // {epoch, rank, pass, user}
inline constexpr std::uint64_t kNeighborStream = 0x5a3d'0003;  // {epoch, rank, step, seed index}

}  // namespace zipp::training
