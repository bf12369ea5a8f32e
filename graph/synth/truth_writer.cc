#include "graph/synth/truth_writer.h"

#include "core/check.h"
#include "core/io/h5_appender.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/tensor_vector.h"
#include "graph/synth/demographics.h"

namespace zipp::graph::synth {
namespace {

namespace h5 = core::h5;

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& labels) {
  std::string out;
  for (std::string_view label : labels) out.append(out.empty() ? "" : ",").append(label);
  return out;
}

// A list of word lists as one string list and its offsets: list k is
// words[indptr[k], indptr[k + 1]).
void write_lists(const h5::Object& group, const std::string& name,
                 const std::vector<const std::vector<std::string>*>& lists) {
  std::vector<std::string> words;
  std::vector<std::int64_t> indptr{0};
  for (const auto* list : lists) {
    words.insert(words.end(), list->begin(), list->end());
    indptr.push_back(static_cast<std::int64_t>(words.size()));
  }
  h5::write_strings(group, name, words);
  h5::write_tensor(group, name + "_indptr", core::tensor_view(indptr, at::kLong));
}

void write_archetypes(const h5::Object& file, const World& w) {
  const h5::Group group = h5::create_group(file, "/truth/archetypes");
  h5::set_attribute(group, "aesthetic_axes", joined(kAestheticAxes));
  std::vector<std::string> names;
  std::vector<std::string> labels;
  std::vector<double> prevalence;
  std::vector<double> female_lean;
  std::vector<double> age_lean;
  std::vector<float> aesthetics;
  for (const Archetype& a : w.archetypes) {
    names.push_back(a.name);
    labels.push_back(a.label);
    prevalence.push_back(a.prevalence);
    female_lean.push_back(a.female_lean);
    age_lean.push_back(a.age_lean);
    aesthetics.insert(aesthetics.end(), a.aesthetic.begin(), a.aesthetic.end());
  }
  const auto k = static_cast<std::int64_t>(names.size());
  h5::write_strings(group, "names", names);
  h5::write_strings(group, "labels", labels);
  h5::write_tensor(group, "prevalence", core::tensor_view(prevalence, at::kDouble));
  h5::write_tensor(group, "female_lean", core::tensor_view(female_lean, at::kDouble));
  h5::write_tensor(group, "age_lean", core::tensor_view(age_lean, at::kDouble));
  h5::write_tensor(
      group, "aesthetics",
      core::tensor_view(aesthetics, at::kFloat, {k, static_cast<std::int64_t>(kAestheticDims)}));
  auto lists = [&](auto member) {
    std::vector<const std::vector<std::string>*> out;
    for (const Archetype& a : w.archetypes) out.push_back(&(a.*member));
    return out;
  };
  write_lists(group, "interests", lists(&Archetype::interests));
  write_lists(group, "styles", lists(&Archetype::styles));
  write_lists(group, "subjects", lists(&Archetype::subjects));
  write_lists(group, "stems", lists(&Archetype::stems));
  h5::write_strings(group, "titles", w.titles);
  h5::set_attribute(group, "titles_per_archetype", kTitlesPerArchetype);
}

void write_subreddit_truth(const h5::Object& file, const World& w) {
  const h5::Group group = h5::create_group(file, "/truth/subreddits");
  h5::write_tensor(group, "archetype", core::tensor_view(w.archetype_of, at::kInt));
  h5::write_tensor(group, "popularity", core::tensor_view(w.popularity, at::kDouble));
}

void write_parameters(const h5::Object& file, const World& w) {
  const h5::Group truth = h5::require_group(file, "/truth");
  const SynthConfig& c = w.config;
  h5::set_attribute(truth, "format_version", kTruthFormatVersion);
  h5::set_attribute(truth, "generator", "zipp graph synth");
  h5::set_attribute(truth, "seed", static_cast<std::int64_t>(w.seed));
  h5::set_attribute(truth, "users", c.users);
  h5::set_attribute(truth, "subreddits", c.subreddits);
  h5::set_attribute(truth, "hubs", static_cast<std::int64_t>(w.hubs.size()));
  h5::set_attribute(truth, "mean_degree", c.mean_degree);
  h5::set_attribute(truth, "degree_cap", w.degree.cap());
  h5::set_attribute(truth, "degree_tail", c.degree_tail);
  h5::set_attribute(truth, "degree_scale", w.degree.scale());
  h5::set_attribute(truth, "popularity_exponent", c.popularity_exponent);
  h5::set_attribute(truth, "hub_fraction", c.hub_fraction);
  h5::set_attribute(truth, "hub_share", c.hub_share);
  h5::set_attribute(truth, "explore_share", c.explore_share);
  h5::set_attribute(truth, "count_tail", c.count_tail);
  h5::set_attribute(truth, "count_scale", c.count_scale);
  h5::set_attribute(truth, "visual_fraction", c.visual_fraction);
  h5::set_attribute(truth, "max_titles", c.max_titles);
}

}  // namespace

struct TruthWriter::Appenders {
  h5::RowAppender age_band;
  h5::RowAppender gender;
  h5::RowAppender region;
  h5::RowAppender archetypes;
  h5::RowAppender weights;
  h5::RowAppender style;
  h5::RowAppender activity;
  h5::RowAppender post_share;
  h5::RowAppender visual;

  explicit Appenders(const h5::Group& g)
      : age_band(g, "age_band", at::kChar, {}),
        gender(g, "gender", at::kChar, {}),
        region(g, "region", at::kChar, {}),
        archetypes(g, "archetypes", at::kInt, {kMaxMixture}),
        weights(g, "weights", at::kFloat, {kMaxMixture}),
        style(g, "style", at::kFloat, {static_cast<std::int64_t>(kAestheticDims)}),
        activity(g, "activity", at::kFloat, {}),
        post_share(g, "post_share", at::kFloat, {}),
        visual(g, "visual", at::kByte, {}) {}
};

TruthWriter::TruthWriter(const h5::Object& file, const World& world) {
  write_parameters(file, world);
  write_archetypes(file, world);
  write_subreddit_truth(file, world);
  const h5::Group users = h5::create_group(file, "/truth/users");
  h5::set_attribute(users, "age_band_labels", joined(kAgeBands));
  h5::set_attribute(users, "gender_labels", joined(kGenders));
  h5::set_attribute(users, "region_labels", joined(kRegions));
  h5::set_attribute(users, "style_axes", joined(kAestheticAxes));
  appenders_ = std::make_unique<Appenders>(users);
}

TruthWriter::~TruthWriter() = default;

void TruthWriter::append(const UserBlock& b) {
  ZIPP_CHECK(appenders_ != nullptr, "TruthWriter::append() after close()");
  Appenders& a = *appenders_;
  const std::int64_t n = b.num_users;
  const auto rows = static_cast<std::size_t>(n);
  ZIPP_ASSERT(b.age_band.size() == rows && b.gender.size() == rows && b.region.size() == rows &&
                  b.mixture_ids.size() == rows * kMaxMixture &&
                  b.mixture_weights.size() == rows * kMaxMixture &&
                  b.style.size() == rows * kAestheticDims && b.activity.size() == rows &&
                  b.post_share.size() == rows && b.visual.size() == rows,
              "user block at ", b.first_user, ": ground-truth arrays do not match ", n, " users");
  a.age_band.append(core::tensor_view(b.age_band, at::kChar));
  a.gender.append(core::tensor_view(b.gender, at::kChar));
  a.region.append(core::tensor_view(b.region, at::kChar));
  a.archetypes.append(core::tensor_view(b.mixture_ids, at::kInt, {n, kMaxMixture}));
  a.weights.append(core::tensor_view(b.mixture_weights, at::kFloat, {n, kMaxMixture}));
  a.style.append(
      core::tensor_view(b.style, at::kFloat, {n, static_cast<std::int64_t>(kAestheticDims)}));
  a.activity.append(core::tensor_view(b.activity, at::kFloat));
  a.post_share.append(core::tensor_view(b.post_share, at::kFloat));
  a.visual.append(core::tensor_view(b.visual, at::kByte));
}

void TruthWriter::close() {
  if (!appenders_) return;
  Appenders& a = *appenders_;
  for (h5::RowAppender* appender : {&a.age_band, &a.gender, &a.region, &a.archetypes, &a.weights,
                                    &a.style, &a.activity, &a.post_share, &a.visual}) {
    appender->close();
  }
  appenders_.reset();
}

}  // namespace zipp::graph::synth
