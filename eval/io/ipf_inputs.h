// Reads the inputs of `zipp eval ipf` (docs/formats.md "Evaluation inputs"): the table of cells
// as CSV (a header; one column per demographic variable, a score column and an optional weight
// column) and the target margins as YAML (variable -> category -> share) or CSV (variable,
// category, target). Categories are compared as the exact text written in both files.
#pragma once

#include <filesystem>
#include <string>

#include "eval/metrics/ipf.h"

namespace zipp::eval {

struct IpfTableColumns {
  std::string score = "score";
  std::string weight = "weight";  // optional in the file
};

// IoError for a missing file; InputError naming the line and column for a malformed one.
IpfTable read_ipf_table(const std::filesystem::path& path, const IpfTableColumns& columns = {});

// YAML unless the name ends in .csv. IoError / InputError as above.
IpfTargets read_ipf_targets(const std::filesystem::path& path);

}  // namespace zipp::eval
