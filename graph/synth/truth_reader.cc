#include "graph/synth/truth_reader.h"

#include <cstring>

#include "core/check.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "core/tensor_vector.h"

namespace zipp::graph::synth {
namespace {

namespace h5 = core::h5;
using h5::Dim;

std::vector<std::vector<std::string>> read_lists(const h5::Object& group, const std::string& name,
                                                 std::int64_t count) {
  const std::vector<std::string> words = h5::read_strings(group, name);
  const std::vector<std::int64_t> indptr = core::tensor_to_vector<std::int64_t>(
      h5::read_tensor(group, name + "_indptr", at::kLong, {Dim("K+1", count + 1)}));
  std::vector<std::vector<std::string>> lists;
  for (std::int64_t k = 0; k < count; ++k) {
    ZIPP_CHECK_T(core::InputError,
                 indptr[k] >= 0 && indptr[k] <= indptr[k + 1] &&
                     indptr[k + 1] <= static_cast<std::int64_t>(words.size()),
                 group.file_name(), ": ", group.path(), "/", name, "_indptr[", k + 1,
                 "] = ", indptr[k + 1], " is not a valid offset into ", words.size(), " words");
    lists.emplace_back(words.begin() + indptr[k], words.begin() + indptr[k + 1]);
  }
  return lists;
}

}  // namespace

bool has_truth(const h5::Object& file) { return h5::exists(file, "/truth"); }

std::vector<Archetype> read_archetypes(const h5::Object& file) {
  const h5::Group group = h5::open_group(file, "/truth/archetypes");
  const std::vector<std::string> names = h5::read_strings(group, "names");
  const auto k = static_cast<std::int64_t>(names.size());
  const Dim archetypes("K", k);
  const std::vector<std::string> labels = h5::read_strings(group, "labels");
  ZIPP_CHECK_T(core::InputError, static_cast<std::int64_t>(labels.size()) == k, file.file_name(),
               ": /truth/archetypes/labels has ", labels.size(), " entries, expected ", k);
  const auto prevalence = core::tensor_to_vector<double>(
      h5::read_tensor(group, "prevalence", at::kDouble, {archetypes}));
  const auto female_lean = core::tensor_to_vector<double>(
      h5::read_tensor(group, "female_lean", at::kDouble, {archetypes}));
  const auto age_lean =
      core::tensor_to_vector<double>(h5::read_tensor(group, "age_lean", at::kDouble, {archetypes}));
  const auto aesthetics = core::tensor_to_vector<float>(h5::read_tensor(
      group, "aesthetics", at::kFloat, {archetypes, static_cast<std::int64_t>(kAestheticDims)}));
  const auto interests = read_lists(group, "interests", k);
  const auto styles = read_lists(group, "styles", k);
  const auto subjects = read_lists(group, "subjects", k);
  const auto stems = read_lists(group, "stems", k);
  std::vector<Archetype> out(static_cast<std::size_t>(k));
  for (std::int64_t i = 0; i < k; ++i) {
    Archetype& a = out[i];
    a.name = names[i];
    a.label = labels[i];
    a.prevalence = prevalence[i];
    a.female_lean = female_lean[i];
    a.age_lean = age_lean[i];
    for (std::size_t d = 0; d < kAestheticDims; ++d)
      a.aesthetic[d] = aesthetics[i * kAestheticDims + d];
    a.interests = interests[i];
    a.styles = styles[i];
    a.subjects = subjects[i];
    a.stems = stems[i];
  }
  return out;
}

std::vector<std::int32_t> read_subreddit_archetypes(const h5::Object& file) {
  return core::tensor_to_vector<std::int32_t>(
      h5::read_tensor(file, "/truth/subreddits/archetype", at::kInt, {Dim("S")}));
}

UserTruth read_user_truth(const h5::Object& file, std::int64_t begin, std::int64_t end) {
  const h5::Group g = h5::open_group(file, "/truth/users");
  const std::int64_t users = h5::dataset_info(g, "visual").rows();
  ZIPP_CHECK_T(core::InputError, begin >= 0 && begin <= end && end <= users, file.file_name(),
               ": cannot read users [", begin, ", ", end, ") of /truth/users: it has ", users);
  // Rows of a dataset after checking its dtype and shape: [U] or [U, width].
  auto rows = [&]<typename T>(T /*tag*/, const char* name, c10::ScalarType dtype,
                              std::int64_t width) {
    std::vector<Dim> shape{Dim("U", users)};
    if (width > 0) shape.emplace_back(width);
    h5::require_tensor(g, name, dtype, shape);
    return core::tensor_to_vector<T>(h5::read_rows(g, name, begin, end));
  };
  UserTruth t;
  t.begin = begin;
  t.end = end;
  t.age_band = rows(std::int8_t{}, "age_band", at::kChar, 0);
  t.gender = rows(std::int8_t{}, "gender", at::kChar, 0);
  t.region = rows(std::int8_t{}, "region", at::kChar, 0);
  t.archetypes = rows(std::int32_t{}, "archetypes", at::kInt, 3);
  t.weights = rows(float{}, "weights", at::kFloat, 3);
  t.style = rows(float{}, "style", at::kFloat, static_cast<std::int64_t>(kAestheticDims));
  t.visual = rows(std::uint8_t{}, "visual", at::kByte, 0);
  return t;
}

}  // namespace zipp::graph::synth
