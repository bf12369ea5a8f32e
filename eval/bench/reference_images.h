// ZIPBench-synth's reference images (docs/evaluation.md "ZIPBench-synth"): what a synthetic user's
// own pictures look like. The synthetic world plants every user's true style (a mixture of their
// archetypes' aesthetics plus noise, graph.h5 /truth/users/style) and the subjects their
// archetypes' images show; the builtin procedural renderer (generation/builtin/
// procedural_renderer.h) draws those subjects in exactly that style. Generated images are scored
// by how close they come to these in the embedder's space.
//
// The same renderer also draws the "oracle-style" images: each benchmark prompt as the subject,
// in the user's true style: what a generator that knew the user's taste exactly would draw. They
// bound the personalization score from above; nothing is generated for them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>

#include "graph/synth/archetype.h"

namespace zipp::eval {

// A benchmark user's ground truth, from graph.h5's /truth/users row.
struct TrueTaste {
  std::string user;
  std::vector<std::int32_t> archetypes;  // ids by decreasing weight (no -1 padding)
  std::vector<float> weights;            // their mixture weights
  graph::synth::Aesthetic style{};       // the user's true style vector
};

// `count` subjects for the user's reference images: the i-th draws one of the user's archetypes
// by mixture weight, then one of its subjects uniformly, from a stream keyed by (user, i), so a
// user's references do not depend on which other users are benchmarked. InputError when the user
// has no archetype or an archetype id is outside `table` or has no subjects.
std::vector<std::string> reference_subjects(const TrueTaste& taste,
                                            std::span<const graph::synth::Archetype> table,
                                            std::int64_t count);

// The subject rendered in the user's true style: uint8 [size, size, 3] RGB. The renderer's
// grain noise is keyed by (user, subject), so an image is the same on every run.
at::Tensor render_in_true_style(const TrueTaste& taste, std::string_view subject,
                                std::int64_t size);

// A stable 64-bit fingerprint of what render_in_true_style draws (user, subject, style, size, and
// the renderer's version), for the embedding cache.
std::uint64_t rendered_image_fingerprint(const TrueTaste& taste, std::string_view subject,
                                         std::int64_t size);

}  // namespace zipp::eval
