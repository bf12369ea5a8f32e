#include "core/trace/phase_table.h"

#include <gtest/gtest.h>

namespace zipp::core::trace {
namespace {

PhaseStats row(std::string name, std::string category, std::int64_t calls, double min,
               double median, double max, int max_rank) {
  PhaseStats stats;
  stats.name = std::move(name);
  stats.category = std::move(category);
  stats.calls = calls;
  stats.min_ms = min;
  stats.median_ms = median;
  stats.max_ms = max;
  stats.max_rank = max_rank;
  return stats;
}

MergeResult sample_result() {
  MergeResult result;
  result.ranks = {0, 1, 2};
  result.event_count = 17;
  result.phases = {row("forward", "compute", 4, 10, 20, 1234.5, 2),
                   row("all reduce", "communication", 2, 0, 2, 4, 0)};
  result.categories = {row("compute", "compute", 4, 10, 20, 1234.5, 2),
                       row("communication", "communication", 2, 0, 2, 4, 0)};
  return result;
}

TEST(PhaseTable, AlignsColumns) {
  EXPECT_EQ(format_phase_table(sample_result()),
            "3 ranks (0-2), 17 events\n"
            "\n"
            "phase       category       calls  min ms  median ms    max ms  max rank\n"
            "forward     compute            4  10.000     20.000  1234.500         2\n"
            "all reduce  communication      2   0.000      2.000     4.000         0\n"
            "\n"
            "time per category (self time: nested scopes counted once)\n"
            "category       calls  min ms  median ms    max ms  max rank\n"
            "compute            4  10.000     20.000  1234.500         2\n"
            "communication      2   0.000      2.000     4.000         0\n");
}

TEST(PhaseTable, NonContiguousRanksAreListed) {
  MergeResult result = sample_result();
  result.ranks = {0, 2, 5};
  EXPECT_EQ(format_phase_table(result).substr(0, 23), "3 ranks (0, 2, 5), 17 e");
}

TEST(PhaseLines, OneKeyValueLinePerPhaseAndCategory) {
  EXPECT_EQ(format_phase_lines(sample_result()),
            "phase=forward category=compute calls=4 min_ms=10.000 median_ms=20.000 "
            "max_ms=1234.500 max_rank=2\n"
            "phase=\"all reduce\" category=communication calls=2 min_ms=0.000 median_ms=2.000 "
            "max_ms=4.000 max_rank=0\n"
            "category=compute calls=4 min_ms=10.000 median_ms=20.000 max_ms=1234.500 max_rank=2\n"
            "category=communication calls=2 min_ms=0.000 median_ms=2.000 max_ms=4.000 "
            "max_rank=0\n");
}

}  // namespace
}  // namespace zipp::core::trace
