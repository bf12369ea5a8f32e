// Text outputs written in parts, one per rank, and joined by one rank in rank order
// (personas.jsonl, jobs.jsonl): `<output>.part-<rank, 5 digits>` beside the output, concatenated
// atomically into the output and then removed, so the output is the same on any number of ranks.
#pragma once

#include <filesystem>

namespace zipp::core {

// Where `rank` writes its part of `output`.
std::filesystem::path rank_part_path(const std::filesystem::path& output, int rank);

// Joins the parts of ranks 0..ranks-1 into `output` (atomically: a crash leaves the previous
// output or none) and removes them. IoError naming the part when one cannot be read.
void join_rank_parts(const std::filesystem::path& output, int ranks);

}  // namespace zipp::core
