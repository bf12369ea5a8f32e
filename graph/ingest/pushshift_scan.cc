#include "graph/ingest/pushshift_scan.h"

#include <string_view>

#include "core/error.h"
#include "graph/ingest/compressed_input.h"

namespace zipp::graph {
namespace {

bool is_blank(std::string_view line) {
  if (line.empty()) return true;
  if (line.front() != ' ' && line.front() != '\t') return false;
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

constexpr std::int64_t kLinesPerProgressUpdate = 4096;

}  // namespace

void scan_piece(const std::string& path, const IngestPiece& piece, RecordParser& parser,
                LocalAggregate& aggregate, FileTally& tally, core::Progress& progress) {
  std::uint64_t reported = piece.range ? piece.range->begin : 0;
  const std::uint64_t piece_end = piece.range ? piece.range->end : piece.bytes;
  const auto advance_to = [&](std::uint64_t offset) {
    offset = std::min(offset, piece_end);
    if (offset > reported) {
      progress.advance(static_cast<std::int64_t>(offset - reported));
      reported = offset;
    }
  };
  std::uint64_t decoded = 0;
  try {
    CompressedInput input(path, piece.range);
    std::string_view line;
    PushshiftRecord record;
    std::int64_t lines = 0;
    while (input.next_line(line)) {
      if (++lines % kLinesPerProgressUpdate == 0) advance_to(input.compressed_offset());
      decoded = input.uncompressed_offset();
      if (is_blank(line)) continue;
      ++tally.records;
      if (const std::optional<MalformedReason> reason = parser.parse(line, record)) {
        aggregate.add_malformed(*reason);
        if (tally.malformed++ == 0) {
          tally.first_malformed_offset = static_cast<std::int64_t>(input.line_offset());
          tally.first_malformed_reason = static_cast<int>(*reason);
        }
        continue;
      }
      aggregate.add(record, piece.file, input.line_offset());
    }
    decoded = input.uncompressed_offset();
    advance_to(piece_end);
  } catch (const core::InputError& error) {
    tally.error = error.what();
  } catch (const core::IoError& error) {
    tally.error = error.what();
  }
  tally.bytes += static_cast<std::int64_t>(decoded);
}

}  // namespace zipp::graph
