// The image posts of visual synthetic users (docs/synthetic-world.md "Users", step 10): how many
// titles each posts and which ones from its archetypes' title banks. graph synth draws them from
// the user's visual stream to make its alignment vector; read_posted_titles() replays that stream
// from graph.h5's /truth, so later stages get the titles themselves: a synthetic user's own image
// prompts (its k-shot history, docs/personas.md "Prompt history of synthetic users").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/io/h5_object.h"
#include "core/random/rng.h"

namespace zipp::graph::synth {

// The titles a visual user posts, as indices into the bank (archetype * kTitlesPerArchetype +
// title), in posting order: 1 to max_titles of them, each of archetype ids[j] with probability
// weights[j]. Consumes `rng` exactly as graph synth does after the draw that made the user visual.
std::vector<std::int64_t> draw_title_choices(core::Rng& rng, std::int64_t max_titles,
                                             std::span<const std::int32_t> ids,
                                             std::span<const double> weights);

struct PostedTitles {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::vector<std::int64_t> indptr;  // [n + 1], relative: user begin + i posted titles[indptr[i]..]
  std::vector<std::int64_t> titles;  // bank indices; empty rows for users without visual behaviour
};

// The title bank, /truth/archetypes/titles ([K * kTitlesPerArchetype], archetype-major).
std::vector<std::string> read_title_bank(const core::h5::Object& file);

// The titles users [begin, end) posted, replayed from /truth (the world's seed, max_titles and
// each user's archetypes and weights). The stored weights are float32 and the generator's
// float64, so a choice between archetypes could differ when a uniform draw falls within float
// rounding of a weight boundary (about one title in 10^7). InputError naming the file when it
// has no /truth, or when a user's visual flag disagrees with its replayed stream (a file from
// another version of graph synth).
PostedTitles read_posted_titles(const core::h5::Object& file, std::int64_t begin, std::int64_t end);

}  // namespace zipp::graph::synth
