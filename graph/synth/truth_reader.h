// Reads the ground truth of a synthetic graph back from graph.h5's /truth group
// (docs/formats.md "Ground truth of synthetic graphs"): the archetype table that persona
// verbalization, the builtin diffusion model and ZIPBench-synth build on, each subreddit's
// archetype, and the per-user truth by row range.
#pragma once

#include <cstdint>
#include <vector>

#include "core/io/h5_object.h"
#include "graph/synth/archetype.h"

namespace zipp::graph::synth {

// True when the file holds /truth (a graph from graph synth).
bool has_truth(const core::h5::Object& file);

// The archetypes in id order, with vocabularies and aesthetic profiles. Hdf5Error / InputError
// naming the file and dataset when /truth is missing or malformed.
std::vector<Archetype> read_archetypes(const core::h5::Object& file);

// Archetype id of every subreddit, -1 for hubs.
std::vector<std::int32_t> read_subreddit_archetypes(const core::h5::Object& file);

struct UserTruth {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::vector<std::int8_t> age_band;     // codes: /truth/users attribute age_band_labels
  std::vector<std::int8_t> gender;       // gender_labels
  std::vector<std::int8_t> region;       // region_labels
  std::vector<std::int32_t> archetypes;  // [n * 3], -1 padded, by decreasing weight
  std::vector<float> weights;            // [n * 3]
  std::vector<float> style;              // [n * 6], axes as kAestheticAxes
  std::vector<std::uint8_t> visual;      // [n]
};

// Users [begin, end) of /truth/users.
UserTruth read_user_truth(const core::h5::Object& file, std::int64_t begin, std::int64_t end);

}  // namespace zipp::graph::synth
