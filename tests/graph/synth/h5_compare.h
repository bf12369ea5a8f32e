// Compares two HDF5 files object by object for the graph synth tests: the same groups, datasets
// (dtype, shape and every value) and attributes. Byte-for-byte equality is not the goal: HDF5
// stores object times and chunk addresses that depend on when things were written.
#pragma once

#include <filesystem>
#include <string>

namespace zipp::graph::synth::testing {

// "" when the files hold the same objects and values, else the first difference found.
std::string h5_difference(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace zipp::graph::synth::testing
