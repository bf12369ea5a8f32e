#include "graph/synth/posted_titles.h"

#include <array>

#include "core/check.h"
#include "core/error.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_strings.h"
#include "graph/synth/truth_reader.h"
#include "graph/synth/world.h"

namespace zipp::graph::synth {

namespace h5 = core::h5;

std::vector<std::int64_t> draw_title_choices(core::Rng& rng, std::int64_t max_titles,
                                             std::span<const std::int32_t> ids,
                                             std::span<const double> weights) {
  ZIPP_ASSERT(!ids.empty() && ids.size() == weights.size() && max_titles >= 1,
              "title choices need a mixture and max_titles >= 1");
  const auto count =
      static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(max_titles))) + 1;
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    double x = rng.uniform();
    std::size_t j = 0;
    while (j + 1 < ids.size() && x >= weights[j]) x -= weights[j++];
    const auto title = static_cast<std::int64_t>(rng.below(kTitlesPerArchetype));
    out.push_back(ids[j] * kTitlesPerArchetype + title);
  }
  return out;
}

std::vector<std::string> read_title_bank(const h5::Object& file) {
  ZIPP_CHECK_T(core::InputError, has_truth(file), file.file_name(),
               ": no /truth group: only graphs drawn by zipp graph synth hold image-post titles");
  std::vector<std::string> bank =
      h5::read_strings(h5::open_group(file, "/truth/archetypes"), "titles");
  ZIPP_CHECK_T(core::InputError,
               !bank.empty() && static_cast<std::int64_t>(bank.size()) % kTitlesPerArchetype == 0,
               file.file_name(), ": /truth/archetypes/titles has ", bank.size(),
               " titles, expected a positive multiple of ", kTitlesPerArchetype);
  return bank;
}

PostedTitles read_posted_titles(const h5::Object& file, std::int64_t begin, std::int64_t end) {
  ZIPP_CHECK_T(core::InputError, has_truth(file), file.file_name(),
               ": no /truth group: only graphs drawn by zipp graph synth hold image-post titles");
  const h5::Group truth = h5::open_group(file, "/truth");
  const auto seed = static_cast<std::uint64_t>(h5::attribute_int64(truth, "seed"));
  const std::int64_t max_titles = h5::attribute_int64(truth, "max_titles");
  const double visual_fraction = h5::attribute_double(truth, "visual_fraction");
  ZIPP_CHECK_T(core::InputError, max_titles >= 1, file.file_name(),
               ": /truth attribute max_titles is ", max_titles, ", expected at least 1");
  const UserTruth users = read_user_truth(file, begin, end);
  PostedTitles out;
  out.begin = begin;
  out.end = end;
  out.indptr.reserve(static_cast<std::size_t>(end - begin + 1));
  out.indptr.push_back(0);
  for (std::int64_t u = begin; u < end; ++u) {
    const auto i = static_cast<std::size_t>(u - begin);
    core::Rng rng(seed,
                  {static_cast<std::uint64_t>(Stream::kUserVisual), static_cast<std::uint64_t>(u)});
    const bool visual = rng.uniform() < visual_fraction;
    ZIPP_CHECK_T(core::InputError, visual == (users.visual[i] != 0), file.file_name(),
                 ": /truth/users/visual[", u, "] is ", int(users.visual[i]),
                 " but the user's visual stream says ", visual ? 1 : 0,
                 ": the file was drawn by another version of zipp graph synth; draw it again");
    if (visual) {
      std::array<std::int32_t, kMaxMixture> ids{};
      std::array<double, kMaxMixture> weights{};
      std::size_t held = 0;
      for (std::size_t j = 0; j < kMaxMixture; ++j) {
        const std::int32_t k = users.archetypes[i * kMaxMixture + j];
        if (k < 0) break;
        ids[held] = k;
        weights[held++] = users.weights[i * kMaxMixture + j];
      }
      ZIPP_CHECK_T(core::InputError, held > 0, file.file_name(), ": /truth/users/archetypes[", u,
                   "] holds no archetype");
      const auto titles = draw_title_choices(rng, max_titles, std::span(ids).first(held),
                                             std::span(weights).first(held));
      out.titles.insert(out.titles.end(), titles.begin(), titles.end());
    }
    out.indptr.push_back(static_cast<std::int64_t>(out.titles.size()));
  }
  return out;
}

}  // namespace zipp::graph::synth
