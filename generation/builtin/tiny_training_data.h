// The builtin tiny model's training examples (docs/generation.md "Builtin tiny model"): prompts
// made of the synthetic world's vocabulary, each with the procedurally rendered image it should
// produce. A prompt is a subject (an archetype's subjects or configs/prompts/base-prompts.txt),
// then 0-3 style phrases of one archetype and sometimes 1-2 plain adjectives, comma separated:
//   "sunset over a grid ocean, pink and teal neon, vhs scanlines, warm"
// The image is rendered with that archetype's aesthetic jittered by N(0, 0.04^2) per axis (no
// style phrase: the neutral 0.5 aesthetic), each adjective then moving its axis by 0.3. A share
// of prompts is dropped to "" (the unconditional input of classifier-free guidance) with the
// image kept.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "graph/synth/archetype.h"

namespace zipp::generation::builtin {

// A plain word tied to one axis of the aesthetic: "warm" raises warmth, "cool" lowers it.
struct StyleAdjective {
  std::string word;
  std::size_t axis;
  float shift;
};
const std::vector<StyleAdjective>& style_adjectives();

struct TinyVocabularySource {
  std::vector<graph::synth::Archetype> archetypes;
  std::vector<std::string> subjects;  // archetypes' subjects, then the base prompts
};

// The builtin archetypes and their subjects, plus the subjects in `base_prompts_file` when it is
// not empty (IoError naming it when it cannot be read).
TinyVocabularySource tiny_vocabulary_source(const std::string& base_prompts_file);

// Every text a prompt can contain (subjects, style phrases, adjectives): what the tokenizer's
// vocabulary is built from.
std::vector<std::string> tiny_vocabulary_texts(const TinyVocabularySource& source);

struct TinyExample {
  std::string prompt;
  std::string subject;
  graph::synth::Aesthetic aesthetic{};
  std::uint64_t grain_seed = 0;
};

struct TinyBatch {
  std::vector<std::string> prompts;
  at::Tensor images;  // [B, 3, S, S] in [-1, 1]
};

// Draws examples from a seeded generator: the same seed gives the same sequence.
class TinyExampleSampler {
 public:
  TinyExampleSampler(TinyVocabularySource source, std::uint64_t seed, double drop_prompt = 0.1);

  TinyExample next();
  TinyBatch next_batch(std::int64_t batch, std::int64_t image_size);

 private:
  TinyVocabularySource source_;
  std::mt19937_64 rng_;
  double drop_prompt_;
};

}  // namespace zipp::generation::builtin
