// `zipp trace merge`: combines the per-rank Chrome traces that Tracer::write() produced into one
// trace (one process per rank, named "rank N") and summarises each phase's time across ranks.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/trace/phase_stats.h"

namespace zipp::core::trace {

// Reads every rank file, writes the combined trace to output atomically and returns the
// per-phase and per-category statistics. Ranks come from each file's otherData.rank (else from
// its events' pid). When every file carries otherData.epoch_unix_us, timestamps are shifted onto
// the earliest rank's clock so the ranks line up in the viewer.
//
// Throws InputError naming the file (and event) for malformed JSON, a missing traceEvents array,
// an event without ph / ts / dur, or a rank that appears in two files; IoError for unreadable
// input or an unwritable output.
MergeResult merge_traces(const std::vector<std::filesystem::path>& rank_files,
                         const std::filesystem::path& output);

}  // namespace zipp::core::trace
