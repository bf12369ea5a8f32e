#include "generation/builtin/tiny_training_data.h"

#include <algorithm>
#include <fstream>
#include <set>

#include <ATen/TensorOperators.h>
#include <ATen/ops/stack.h>

#include "core/error.h"
#include "core/str.h"
#include "generation/builtin/procedural_renderer.h"

namespace zipp::generation::builtin {

const std::vector<StyleAdjective>& style_adjectives() {
  static const std::vector<StyleAdjective> kAdjectives = {
      {"warm", 0, 0.3F},   {"cool", 0, -0.3F},  {"vivid", 1, 0.3F},  {"muted", 1, -0.3F},
      {"bright", 2, 0.3F}, {"dark", 2, -0.3F},  {"punchy", 3, 0.3F}, {"flat", 3, -0.3F},
      {"grainy", 4, 0.3F}, {"clean", 4, -0.3F}, {"soft", 5, 0.3F},   {"sharp", 5, -0.3F}};
  return kAdjectives;
}

TinyVocabularySource tiny_vocabulary_source(const std::string& base_prompts_file) {
  TinyVocabularySource source;
  const auto table = graph::synth::builtin_archetypes();
  source.archetypes.assign(table.begin(), table.end());
  for (const auto& archetype : source.archetypes) {
    for (const auto& subject : archetype.subjects) source.subjects.push_back(subject);
  }
  if (!base_prompts_file.empty()) {
    std::ifstream in(base_prompts_file);
    if (!in) {
      throw core::IoError(
          core::str("tiny model training: cannot read the base prompts file ", base_prompts_file));
    }
    std::string line;
    while (std::getline(in, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line.front() == '#') continue;
      source.subjects.push_back(line);
    }
  }
  return source;
}

std::vector<std::string> tiny_vocabulary_texts(const TinyVocabularySource& source) {
  std::vector<std::string> texts = source.subjects;
  for (const auto& archetype : source.archetypes) {
    texts.insert(texts.end(), archetype.styles.begin(), archetype.styles.end());
  }
  for (const auto& adjective : style_adjectives()) texts.push_back(adjective.word);
  return texts;
}

TinyExampleSampler::TinyExampleSampler(TinyVocabularySource source, std::uint64_t seed,
                                       double drop_prompt)
    : source_(std::move(source)), rng_(seed), drop_prompt_(drop_prompt) {
  if (source_.archetypes.empty() || source_.subjects.empty()) {
    throw core::InputError("tiny model training: no archetypes or no subjects to draw from");
  }
}

TinyExample TinyExampleSampler::next() {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto pick = [&](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_));
  };
  TinyExample example;
  example.subject = source_.subjects[pick(source_.subjects.size())];
  const auto& archetype = source_.archetypes[pick(source_.archetypes.size())];
  const auto styles = std::min<std::size_t>(pick(4), archetype.styles.size());
  std::string prompt = example.subject;
  if (styles == 0) {
    example.aesthetic = neutral_aesthetic();
  } else {
    std::normal_distribution<float> jitter(0.0F, 0.04F);
    for (std::size_t i = 0; i < example.aesthetic.size(); ++i) {
      example.aesthetic[i] = std::clamp(archetype.aesthetic[i] + jitter(rng_), 0.0F, 1.0F);
    }
    std::vector<std::size_t> order(archetype.styles.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng_);
    for (std::size_t i = 0; i < styles; ++i) prompt += ", " + archetype.styles[order[i]];
  }
  if (uniform(rng_) < 0.3) {
    const auto& adjectives = style_adjectives();
    const std::size_t count = 1 + pick(2);
    std::set<std::size_t> axes;
    for (std::size_t i = 0; i < count; ++i) {
      const auto& adjective = adjectives[pick(adjectives.size())];
      if (!axes.insert(adjective.axis).second) continue;  // one adjective per axis
      prompt += ", " + adjective.word;
      example.aesthetic[adjective.axis] =
          std::clamp(example.aesthetic[adjective.axis] + adjective.shift, 0.0F, 1.0F);
    }
  }
  example.prompt = uniform(rng_) < drop_prompt_ ? std::string() : prompt;
  example.grain_seed = rng_();
  return example;
}

TinyBatch TinyExampleSampler::next_batch(std::int64_t batch, std::int64_t image_size) {
  TinyBatch out;
  std::vector<at::Tensor> images;
  for (std::int64_t i = 0; i < batch; ++i) {
    const TinyExample example = next();
    out.prompts.push_back(example.prompt);
    images.push_back(
        render_scene(example.subject, example.aesthetic, image_size, example.grain_seed));
  }
  out.images = at::stack(images) * 2.0 - 1.0;
  return out;
}

}  // namespace zipp::generation::builtin
