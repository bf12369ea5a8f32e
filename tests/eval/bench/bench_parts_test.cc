// The pieces of ZIPBench-synth on their own: SVG bar charts, the HDF5 embedding cache, the
// demographic table's dropped categories, metrics.jsonl's final line, and reference subjects.
#include <filesystem>
#include <fstream>

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "eval/bench/demographic_scores.h"
#include "eval/bench/embedding_cache.h"
#include "eval/bench/reference_images.h"
#include "eval/io/final_metrics.h"
#include "eval/report/svg_chart.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("zipp-bench-parts-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(SvgChart, DrawsOneBarPerFiniteValueWithEscapedLabels) {
  BarChart chart;
  chart.title = "CS <by> method & group";
  chart.y_label = "CS";
  chart.groups = {"a", "b"};
  chart.series = {{"no-persona", {10.0, std::nan("")}, {8.0, std::nan("")}, {12.0, std::nan("")}},
                  {"zipp", {20.0, -5.0}, {}, {}}};
  const std::string svg = render_bar_chart_svg(chart);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("CS &lt;by&gt; method &amp; group"), std::string::npos);
  std::size_t bars = 0;
  for (auto at = svg.find("<title>"); at != std::string::npos; at = svg.find("<title>", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 3u);  // the NaN value draws nothing
  EXPECT_EQ(svg.find("stroke-width=\"1.2\""), svg.rfind("stroke-width=\"1.2\""));  // one error bar
  EXPECT_NE(svg.find("</svg>"), std::string::npos);

  chart.series[1].values.pop_back();
  EXPECT_THROW(render_bar_chart_svg(chart), core::ConfigError);
  EXPECT_EQ(xml_escape("a'b\"c"), "a&apos;b&quot;c");
}

TEST(EmbeddingCache, RoundTripsAndRejectsOtherFingerprintsAndEmbedders) {
  const fs::path dir = temp_dir("cache");
  const fs::path path = dir / "cache.h5";
  {
    EmbeddingCache cache(path, "aesthetic-v1", 3);
    EXPECT_EQ(cache.loaded(), 0);
    cache.put("image:a.png", 0xFFFFFFFF00000001ULL, at::tensor({1.0f, 0.0f, 0.0f}));
    cache.put("image:b.png", 2, at::tensor({0.0f, 1.0f, 0.0f}));
    cache.put("image:a.png", 0xFFFFFFFF00000001ULL, at::tensor({0.0f, 0.0f, 1.0f}));  // replaced
    cache.save();
  }
  EmbeddingCache again(path, "aesthetic-v1", 3);
  EXPECT_EQ(again.loaded(), 2);
  const auto a = again.find("image:a.png", 0xFFFFFFFF00000001ULL);
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(at::equal(*a, at::tensor({0.0f, 0.0f, 1.0f})));
  EXPECT_FALSE(again.find("image:a.png", 1).has_value());
  EXPECT_FALSE(again.find("image:c.png", 2).has_value());

  EmbeddingCache other(path, "clip-vit-l14-336", 3);  // another embedder: starts empty
  EXPECT_EQ(other.loaded(), 0);
  EXPECT_FALSE(other.find("image:b.png", 2).has_value());

  std::ofstream(dir / "junk.h5") << "not hdf5";
  EXPECT_ANY_THROW(EmbeddingCache(dir / "junk.h5", "aesthetic-v1", 3));
  fs::remove_all(dir);
}

UserResult user(const std::string& age, const std::string& gender) {
  UserResult u;
  u.demographics = {{"age", age}, {"gender", gender}, {"region", "canada"}};
  return u;
}

TEST(DemographicTable, DropsCategoriesWithoutUsersAndRenormalises) {
  IpfTargets targets;
  targets.source = "pop.yaml";
  targets.variables = {{"gender", {{"male", 0.5}, {"female", 0.4}, {"nonbinary", 0.1}}},
                       {"age", {{"18-24", 30}, {"25-34", 30}, {"55+", 40}}}};
  const std::vector<UserResult> users = {user("18-24", "male"), user("25-34", "female"),
                                         user("25-34", "male")};
  const DemographicTable table = demographic_table(targets, users);
  ASSERT_EQ(table.dropped.size(), 2u);
  EXPECT_EQ(table.dropped[0], "gender=nonbinary (target 10.00%)");
  EXPECT_EQ(table.dropped[1], "age=55+ (target 40.00%)");
  ASSERT_EQ(table.targets.variables.size(), 2u);
  EXPECT_NEAR(table.targets.variables[0].categories[0].second, 0.5 / 0.9, 1e-12);
  EXPECT_NEAR(table.targets.variables[1].categories[1].second, 0.5, 1e-12);
  EXPECT_EQ(table.values[1], (std::vector<std::string>{"18-24", "25-34", "25-34"}));

  // Raked to half 18-24: the lone 18-24 user weighs as much as the two others together.
  const DemographicScore score = demographic_score(table, {10.0, 20.0, 40.0});
  EXPECT_NEAR(score.raw, 70.0 / 3.0, 1e-9);
  EXPECT_NE(score.raked, score.raw);

  targets.variables[1].categories.pop_back();
  targets.variables[1].categories.pop_back();  // 25-34 has users but no target now
  try {
    demographic_table(targets, users);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("pop.yaml: 'age' has no target for the category '25-34'"),
              std::string::npos)
        << e.what();
  }
  targets.variables = {{"profession", {{"artist", 1.0}}}};
  EXPECT_THROW(demographic_table(targets, users), core::InputError);
}

TEST(FinalMetrics, ReadsTheLastFinalLine) {
  const fs::path dir = temp_dir("metrics");
  EXPECT_FALSE(read_final_metrics(dir / "metrics.jsonl").has_value());
  std::ofstream(dir / "metrics.jsonl")
      << R"({"event":"step","global_step":1,"loss":2.0})"
         "\n"
      << R"({"event":"final","method":"encoder","aggregator":"gatv2","align_weight":1.0,"posting":{"acc_at_1":0.1,"acc_at_10":0.5,"mrr":0.2,"queries":10}})"
         "\n"
      << R"({"event":"final","method":"encoder","aggregator":"mean","align_weight":0.0,"posting":{"acc_at_1":0.3,"acc_at_10":0.6,"mrr":0.4,"queries":12}})"
         "\n";
  const auto m = read_final_metrics(dir / "metrics.jsonl");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->encoder, "GraphSAGE");
  EXPECT_DOUBLE_EQ(m->acc_at_1, 0.3);
  EXPECT_DOUBLE_EQ(m->mrr, 0.4);
  EXPECT_EQ(m->queries, 12);
  EXPECT_EQ(encoder_label("encoder", "gatv2", 1.0), "GAT + ImageAlign");
  EXPECT_EQ(encoder_label("tfidf", "gatv2", 1.0), "TF-IDF");

  std::ofstream(dir / "bad.jsonl") << R"({"event":"final","method":"encoder"})"
                                      "\n";
  try {
    read_final_metrics(dir / "bad.jsonl");
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.jsonl:1: the final line has no posting"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}

TEST(ReferenceImages, SubjectsComeFromTheUsersArchetypesDeterministically) {
  std::vector<graph::synth::Archetype> table(3);
  table[0].subjects = {"a red barn", "a wheat field"};
  table[1].subjects = {"a neon sign"};
  table[2].subjects = {"a teapot"};
  TrueTaste taste{"Quiet_Otter_7", {0, 2}, {0.7f, 0.3f}, {}};
  const auto subjects = reference_subjects(taste, table, 40);
  ASSERT_EQ(subjects.size(), 40u);
  int from_first = 0;
  for (const auto& s : subjects) {
    EXPECT_TRUE(s == "a red barn" || s == "a wheat field" || s == "a teapot") << s;
    from_first += s != "a teapot";
  }
  EXPECT_GT(from_first, 20);  // weight 0.7: 28 expected
  EXPECT_LT(from_first, 38);
  EXPECT_EQ(reference_subjects(taste, table, 40), subjects);
  // A prefix does not depend on how many are asked for.
  const auto fewer = reference_subjects(taste, table, 5);
  EXPECT_EQ(fewer, std::vector<std::string>(subjects.begin(), subjects.begin() + 5));

  const at::Tensor image = render_in_true_style(taste, "a teapot", 16);
  EXPECT_EQ(image.sizes(), (at::IntArrayRef{16, 16, 3}));
  EXPECT_EQ(image.scalar_type(), at::kByte);
  EXPECT_TRUE(at::equal(image, render_in_true_style(taste, "a teapot", 16)));
  EXPECT_NE(rendered_image_fingerprint(taste, "a teapot", 16),
            rendered_image_fingerprint(taste, "a teapot", 32));
  TrueTaste warmer = taste;
  warmer.style[0] = 0.9f;
  EXPECT_NE(rendered_image_fingerprint(taste, "a teapot", 16),
            rendered_image_fingerprint(warmer, "a teapot", 16));

  taste.archetypes = {5};
  taste.weights = {1.0f};
  EXPECT_THROW(reference_subjects(taste, table, 1), core::InputError);
}

}  // namespace
}  // namespace zipp::eval
