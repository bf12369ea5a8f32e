// Writes the benchmark report (docs/formats.md "Benchmark report") into one directory, every file
// atomically: report.md, report.json, users.csv (the per-user breakdown) and plots/ (SVG: CS per
// method with its confidence interval, and CS per demographic group for each variable).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "eval/bench/bench_report.h"

namespace zipp::eval {

// The files written, relative to `directory`.
std::vector<std::string> write_report(const BenchReport& report,
                                      const std::filesystem::path& directory);

// users.csv: user, user_id, age, gender, region, then one CS column per method (empty when the
// user has no image of it). Fields are quoted as RFC 4180 when needed.
std::string users_csv(const BenchReport& report);

}  // namespace zipp::eval
