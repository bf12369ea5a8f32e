// The report of `zipp bench scaling` (docs/operations.md "Scaling sweeps"): scaling.md (a table
// per stage and mode: ranks, work, throughput, efficiency, time shares, training's ms per step of
// each phase), scaling.json (every row), and SVG plots of efficiency by rank count and of the
// time shares, written atomically into the sweep's directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "launch/scaling/scaling_sweep.h"

namespace zipp::launch {

std::string scaling_markdown(const std::vector<ScalingRow>& rows, const std::string& machine);

// The files written, relative to `directory`.
std::vector<std::string> write_scaling_report(const std::vector<ScalingRow>& rows,
                                              const std::string& machine,
                                              const std::filesystem::path& directory);

}  // namespace zipp::launch
