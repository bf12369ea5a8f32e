// Which rank reads what in a parallel ingest: compressed files whole (a compressed stream can
// only be decoded from its start), plain files larger than the split size in byte ranges that
// CompressedInput aligns to line boundaries. Pieces go largest first to the least-loaded rank,
// so every rank computes the same plan from the same file sizes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "graph/ingest/compressed_input.h"

namespace zipp::graph {

struct InputFile {
  std::uint64_t size = 0;  // bytes on disk
  Compression compression = Compression::kPlain;
};

struct IngestPiece {
  std::uint32_t file = 0;          // index into the input list
  std::optional<ByteRange> range;  // whole file when unset
  std::uint64_t bytes = 0;         // bytes on disk this piece covers
};

// pieces[r]: what rank r reads, in (file, range) order. split_bytes > 0.
std::vector<std::vector<IngestPiece>> plan_ingest(const std::vector<InputFile>& files, int ranks,
                                                  std::uint64_t split_bytes);

}  // namespace zipp::graph
