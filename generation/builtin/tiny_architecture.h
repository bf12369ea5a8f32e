// The shape of the builtin tiny model (docs/generation.md "Builtin tiny model"), recorded in
// tiny.json beside the weights so a loader rebuilds the same modules before reading them.
#pragma once

#include <array>
#include <cstdint>

namespace zipp::generation::builtin {

struct TinyArchitecture {
  // UNet channels at full, half and quarter resolution (32x32, 16x16 and 8x8 for 32 px images).
  std::array<std::int64_t, 3> channels = {32, 64, 64};
  std::int64_t groups = 8;       // GroupNorm groups (each channel count must be a multiple)
  std::int64_t embed_dim = 64;   // word embedding width
  std::int64_t cond_dim = 128;   // the pooled text conditioning and the timestep embedding
  std::int64_t max_tokens = 24;  // <bos> and up to 23 words
  std::int64_t vocabulary = 0;   // token count, <pad> <unk> <bos> included
};

}  // namespace zipp::generation::builtin
