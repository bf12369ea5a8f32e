// report.json of `zipp eval bench` (docs/formats.md "Benchmark report"): every figure of the
// report, machine-readable. NaN and missing values are JSON null.
#pragma once

#include <string>

#include "eval/bench/bench_report.h"

namespace zipp::eval {

std::string report_json(const BenchReport& report);

}  // namespace zipp::eval
