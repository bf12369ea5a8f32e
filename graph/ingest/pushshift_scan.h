// Reading one piece of the input (a whole file or a byte range of a plain one) line by line into
// a rank's LocalAggregate, counting bytes, records and malformed records for the file's report.
#pragma once

#include <cstdint>
#include <string>

#include "core/progress.h"
#include "graph/ingest/ingest_plan.h"
#include "graph/ingest/local_aggregate.h"
#include "graph/ingest/pushshift_record.h"

namespace zipp::graph {

// What one rank saw of one input file.
struct FileTally {
  std::int64_t bytes = 0;  // decompressed
  std::int64_t records = 0;
  std::int64_t malformed = 0;
  std::int64_t first_malformed_offset = -1;
  int first_malformed_reason = -1;  // a MalformedReason
  std::string error;                // why reading stopped early; empty when it did not
};

// Reads `piece` of the file at `path`. Truncated or corrupt compressed data and failed reads do
// not escape: they stop this piece and land in tally.error (naming the file and offset), and
// every record read before them stays counted. Progress advances in bytes on disk.
void scan_piece(const std::string& path, const IngestPiece& piece, RecordParser& parser,
                LocalAggregate& aggregate, FileTally& tally, core::Progress& progress);

}  // namespace zipp::graph
