#include "eval/bench/reference_images.h"

#include <cstring>

#include <ATen/ATen.h>

#include "core/error.h"
#include "core/random/hash.h"
#include "core/random/rng.h"
#include "core/str.h"
#include "generation/builtin/procedural_renderer.h"

namespace zipp::eval {
namespace {

// Changes whenever the references drawn for the same truth change, so cached embeddings of older
// references are not reused.
constexpr std::string_view kReferenceVersion = "zipbench-synth-references-v1";

std::uint64_t style_bits(const graph::synth::Aesthetic& style) {
  std::uint64_t h = core::hash_text(kReferenceVersion);
  for (const float axis : style) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &axis, sizeof bits);
    h = core::hash_text(std::to_string(bits), h);
  }
  return h;
}

}  // namespace

std::vector<std::string> reference_subjects(const TrueTaste& taste,
                                            std::span<const graph::synth::Archetype> table,
                                            std::int64_t count) {
  if (taste.archetypes.empty() || taste.archetypes.size() != taste.weights.size()) {
    throw core::InputError(core::str("ZIPBench-synth: user '", taste.user, "' has ",
                                     taste.archetypes.size(), " archetypes and ",
                                     taste.weights.size(),
                                     " mixture weights in the graph's truth; expected the same "
                                     "number, at least one"));
  }
  double total = 0.0;
  for (std::size_t j = 0; j < taste.archetypes.size(); ++j) {
    const std::int32_t id = taste.archetypes[j];
    if (id < 0 || static_cast<std::size_t>(id) >= table.size() || table[id].subjects.empty()) {
      throw core::InputError(core::str("ZIPBench-synth: user '", taste.user, "' has archetype ", id,
                                       " but the graph's truth has ", table.size(),
                                       " archetypes (or that one has no subjects)"));
    }
    total += std::max(0.0f, taste.weights[j]);
  }
  std::vector<std::string> subjects;
  subjects.reserve(static_cast<std::size_t>(count));
  const std::uint64_t user_key = core::hash_text(taste.user, core::hash_text(kReferenceVersion));
  for (std::int64_t i = 0; i < count; ++i) {
    core::Rng rng(user_key, {static_cast<std::uint64_t>(i)});
    std::size_t pick = taste.archetypes.size() - 1;
    if (total > 0.0) {
      double u = rng.uniform() * total;
      for (std::size_t j = 0; j < taste.archetypes.size(); ++j) {
        u -= std::max(0.0f, taste.weights[j]);
        if (u < 0.0) {
          pick = j;
          break;
        }
      }
    } else {
      pick = rng.below(taste.archetypes.size());
    }
    const auto& options = table[taste.archetypes[pick]].subjects;
    subjects.push_back(options[rng.below(options.size())]);
  }
  return subjects;
}

at::Tensor render_in_true_style(const TrueTaste& taste, std::string_view subject,
                                std::int64_t size) {
  const std::uint64_t grain_seed = core::hash_text(subject, core::hash_text(taste.user));
  const at::Tensor chw = generation::builtin::render_scene(subject, taste.style, size, grain_seed);
  return (chw.permute({1, 2, 0}).clamp(0.0, 1.0) * 255.0).round().to(at::kByte).contiguous();
}

std::uint64_t rendered_image_fingerprint(const TrueTaste& taste, std::string_view subject,
                                         std::int64_t size) {
  std::uint64_t h = style_bits(taste.style);
  h = core::hash_text(taste.user, h);
  h = core::hash_text(subject, h);
  return core::hash_text(std::to_string(size), h);
}

}  // namespace zipp::eval
