// Text renderings of a trace merge's statistics: an aligned table for people and one key=value
// line per phase or category for scripts (the same shape as zipp's throughput lines).
#pragma once

#include <string>

#include "core/trace/phase_stats.h"

namespace zipp::core::trace {

// Phases (phase, category, calls, min / median / max ms across ranks, max rank), then the time per
// category. Milliseconds with three decimals.
std::string format_phase_table(const MergeResult& result);

// One line per phase, then one per category:
//   phase=forward category=compute calls=6 min_ms=10.000 median_ms=20.000 max_ms=30.000 max_rank=2
//   category=compute calls=9 min_ms=... median_ms=... max_ms=... max_rank=...
// A value holding spaces, '=' or quotes is written in double quotes with \" and \\ escapes.
std::string format_phase_lines(const MergeResult& result);

}  // namespace zipp::core::trace
