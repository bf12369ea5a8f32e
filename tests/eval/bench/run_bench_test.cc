// ZIPBench-synth on a tiny run the test draws itself (bench_fixture.h): the persona method, whose
// images are in each user's true style, must beat the neutral baseline; the embedding cache must
// make a rerun embed nothing and a changed PNG be embedded again; demographic raking must drop
// target categories nobody is in; bad inputs must name what is wrong.
#include "eval/bench/run_bench.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "eval/embedders/aesthetic_embedder.h"
#include "eval/report/write_report.h"
#include "tests/eval/bench/bench_fixture.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;
using testing::kBenchPrompts;
using testing::kBenchUsers;

class RunBench : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("zipp-run-bench-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    run_ = new testing::TinyRun(testing::make_tiny_run(root_ / "run"));
  }
  static void TearDownTestSuite() {
    delete run_;
    fs::remove_all(root_);
  }

  BenchInputs inputs(const std::string& output) const {
    BenchInputs in;
    in.config.references = 4;
    in.config.bootstrap_resamples = 500;
    in.run_dir = run_->dir;
    in.jobs = run_->jobs;
    in.images = run_->images;
    in.graph = run_->graph;
    in.output = root_ / output;
    in.seed = 3;
    return in;
  }
  static const MethodResult& method(const BenchReport& report, const std::string& name) {
    for (const auto& m : report.methods) {
      if (m.method == name) return m;
    }
    throw std::runtime_error("no method " + name);
  }

  static fs::path root_;
  static testing::TinyRun* run_;
};
fs::path RunBench::root_;
testing::TinyRun* RunBench::run_ = nullptr;

TEST_F(RunBench, PersonaImagesInTheTrueStyleBeatTheNeutralBaseline) {
  AestheticEmbedder embedder;
  const BenchReport report = run_bench(inputs("plain"), embedder);
  ASSERT_EQ(report.methods.size(), 3u);
  EXPECT_EQ(report.methods[0].method, "no-persona");
  EXPECT_EQ(report.methods[1].method, "zipp-kshot");
  EXPECT_EQ(report.methods[2].method, kOracleStyleMethod);
  EXPECT_TRUE(report.methods[2].rendered);

  const auto& base = method(report, "no-persona");
  const auto& zipp = method(report, "zipp-kshot");
  EXPECT_EQ(base.users, kBenchUsers);
  EXPECT_EQ(base.images, kBenchUsers * kBenchPrompts);
  EXPECT_EQ(zipp.images, kBenchUsers * kBenchPrompts - 1);
  EXPECT_EQ(zipp.unfinished, 1);
  EXPECT_GT(zipp.cs.estimate, base.cs.estimate + 5.0);
  EXPECT_LE(zipp.cs.lower, zipp.cs.estimate);
  EXPECT_GE(zipp.cs.upper, zipp.cs.estimate);
  EXPECT_LT(zipp.cmmd, base.cmmd);
  ASSERT_TRUE(zipp.lift_percent.has_value());
  EXPECT_GT(*zipp.lift_percent, 0.0);
  ASSERT_TRUE(zipp.wins_vs_baseline.has_value());
  EXPECT_EQ(
      zipp.wins_vs_baseline->wins + zipp.wins_vs_baseline->losses + zipp.wins_vs_baseline->ties,
      kBenchUsers * kBenchPrompts - 1);
  EXPECT_GT(zipp.wins_vs_baseline->wins, zipp.wins_vs_baseline->losses);
  ASSERT_TRUE(zipp.cs_vs_baseline.has_value());
  EXPECT_GT(zipp.cs_vs_baseline->estimate, 0.0);
  EXPECT_FALSE(base.wins_vs_baseline.has_value());
  EXPECT_FALSE(base.demographic.has_value());  // no targets

  // The method's CS is the mean over users of each user's mean image score.
  double sum = 0.0;
  for (const auto& user : report.users) sum += user.cs.at("zipp-kshot");
  EXPECT_NEAR(zipp.cs.estimate, sum / kBenchUsers, 1e-9);
  ASSERT_EQ(report.users.size(), static_cast<std::size_t>(kBenchUsers));
  EXPECT_EQ(report.users[5].images.at("zipp-kshot"), kBenchPrompts - 1);
  EXPECT_FALSE(report.users[0].demographics.at("region").empty());

  // Groups partition the users for each variable.
  std::map<std::string, std::int64_t> per_variable;
  for (const auto& g : report.groups) per_variable[g.variable] += g.users;
  EXPECT_EQ(per_variable["age"], kBenchUsers);
  EXPECT_EQ(per_variable["gender"], kBenchUsers);
  EXPECT_EQ(per_variable["region"], kBenchUsers);
  ASSERT_FALSE(report.notes.empty());
  EXPECT_NE(report.notes[0].find("1 of 36 jobs have no finished image"), std::string::npos)
      << report.notes[0];
  EXPECT_EQ(report.embedded, 35 + kBenchUsers * 4 + kBenchUsers * kBenchPrompts);
}

TEST_F(RunBench, CacheMakesARerunEmbedNothingAndCatchesAChangedImage) {
  AestheticEmbedder embedder;
  const BenchReport first = run_bench(inputs("cached"), embedder);
  EXPECT_GT(first.embedded, 0);
  EXPECT_TRUE(fs::exists(root_ / "cached" / "embeddings-aesthetic-v1.h5"));
  const BenchReport again = run_bench(inputs("cached"), embedder);
  EXPECT_EQ(again.embedded, 0);
  EXPECT_EQ(again.cached, first.embedded);
  for (std::size_t i = 0; i < first.methods.size(); ++i) {
    EXPECT_EQ(again.methods[i].cs.estimate, first.methods[i].cs.estimate);
    EXPECT_EQ(again.methods[i].cmmd, first.methods[i].cmmd);
  }

  // Redraw one image in another look: only it is embedded again, and its user's score moves.
  const auto& job = run_->job_list[1];  // user_0 / p0 / zipp-kshot
  ASSERT_EQ(job.method, "zipp-kshot");
  testing::write_image(run_->images, job, generation::builtin::neutral_aesthetic(), 12345);
  const BenchReport changed = run_bench(inputs("cached"), embedder);
  EXPECT_EQ(changed.embedded, 1);
  EXPECT_NE(changed.users[0].cs.at("zipp-kshot"), first.users[0].cs.at("zipp-kshot"));
  EXPECT_EQ(changed.users[1].cs.at("zipp-kshot"), first.users[1].cs.at("zipp-kshot"));
  // Put the original back for the other tests.
  const auto file = core::h5::File::open(run_->graph, core::h5::Access::kRead);
  const auto truth = graph::synth::read_user_truth(file, 0, 1);
  graph::synth::Aesthetic style{};
  for (std::size_t a = 0; a < 6; ++a) style[a] = truth.style[a];
  testing::write_image(run_->images, job, style, 7 + job.seed);
}

TEST_F(RunBench, RakesUsersToTargetsAndDropsCategoriesWithoutUsers) {
  const fs::path targets = root_ / "targets.yaml";
  std::ofstream(targets)
      << "gender: {male: 49.5, female: 49.5, nonbinary: 1}\n"
         "age: {13-17: 10, 18-24: 14, 25-34: 19, 35-44: 17, 45-54: 15, 55+: 25}\n";
  BenchInputs in = inputs("raked");
  in.config.targets = targets.string();
  AestheticEmbedder embedder;
  const BenchReport report = run_bench(in, embedder);
  for (const auto& m : report.methods) {
    ASSERT_TRUE(m.demographic.has_value()) << m.method;
    EXPECT_NEAR(m.demographic->raw, m.cs.estimate, 1e-9) << m.method;
    EXPECT_TRUE(std::isfinite(m.demographic->raked));
  }
  // Six users cannot cover six age bands and three genders.
  std::set<std::string> present;
  for (const auto& u : report.users) {
    present.insert("age=" + u.demographics.at("age"));
    present.insert("gender=" + u.demographics.at("gender"));
  }
  EXPECT_FALSE(report.dropped_categories.empty());
  for (const auto& dropped : report.dropped_categories) {
    const std::string key = dropped.substr(0, dropped.find(' '));
    EXPECT_EQ(present.count(key), 0u) << dropped;
    EXPECT_NE(dropped.find("(target "), std::string::npos) << dropped;
  }
}

TEST_F(RunBench, ReportFilesAreWrittenAndReadable) {
  AestheticEmbedder embedder;
  const BenchReport report = run_bench(inputs("files"), embedder);
  const auto written = write_report(report, root_ / "files");
  for (const char* name :
       {"report.md", "report.json", "users.csv", "plots/cs-by-method.svg", "plots/cs-by-age.svg",
        "plots/cs-by-gender.svg", "plots/cs-by-region.svg"}) {
    EXPECT_TRUE(fs::exists(root_ / "files" / name)) << name;
  }
  std::ifstream json_in(root_ / "files" / "report.json");
  const auto json = nlohmann::json::parse(json_in);
  EXPECT_EQ(json["format_version"], 1);
  ASSERT_EQ(json["methods"].size(), 3u);
  EXPECT_EQ(json["methods"][1]["method"], "zipp-kshot");
  EXPECT_DOUBLE_EQ(json["methods"][1]["cs"]["estimate"].get<double>(),
                   report.methods[1].cs.estimate);
  EXPECT_TRUE(json["methods"][0]["demographic"].is_null());
  EXPECT_EQ(json["users"].size(), static_cast<std::size_t>(kBenchUsers));

  std::ifstream csv_in(root_ / "files" / "users.csv");
  std::string header;
  std::getline(csv_in, header);
  EXPECT_EQ(header, "user,user_id,age,gender,region,cs_no-persona,cs_zipp-kshot,cs_oracle-style");
  int rows = 0;
  for (std::string line; std::getline(csv_in, line);) ++rows;
  EXPECT_EQ(rows, kBenchUsers);

  std::stringstream svg;
  svg << std::ifstream(root_ / "files" / "plots" / "cs-by-method.svg").rdbuf();
  EXPECT_EQ(svg.str().rfind("<svg", 0), 0u);
  EXPECT_NE(svg.str().find("zipp-kshot"), std::string::npos);
  std::stringstream md;
  md << std::ifstream(root_ / "files" / "report.md").rdbuf();
  EXPECT_NE(md.str().find("| zipp-kshot | 6 | 17 |"), std::string::npos) << md.str();
}

TEST_F(RunBench, AblationRowsPairPostingAccuracyWithTheLift) {
  // The main run trained GAT + ImageAlign; a second run of the same users trained GraphSAGE and
  // drew its persona images in the neutral look, so its lift is about zero.
  std::ofstream(run_->dir / "metrics.jsonl")
      << R"({"event":"final","method":"encoder","aggregator":"gatv2","align_weight":1.0,)"
      << R"("posting":{"acc_at_1":0.25,"acc_at_10":0.6,"mrr":0.4,"queries":100}})"
      << "\n";
  const fs::path other = root_ / "sage-run";
  fs::create_directories(other);
  fs::copy_file(run_->jobs, other / "jobs.jsonl", fs::copy_options::overwrite_existing);
  for (const auto& job : run_->job_list) {
    testing::write_image(other / "images", job, generation::builtin::neutral_aesthetic(),
                         7 + job.seed);
  }
  std::ofstream(other / "metrics.jsonl")
      << R"({"event":"final","method":"encoder","aggregator":"mean","align_weight":0.0,)"
      << R"("posting":{"acc_at_1":0.125,"acc_at_10":0.5,"mrr":0.3,"queries":100}})"
      << "\n";

  BenchInputs in = inputs("ablation");
  in.config.ablation_runs = {other.string()};
  AestheticEmbedder embedder;
  const BenchReport report = run_bench(in, embedder);
  fs::remove(run_->dir / "metrics.jsonl");
  ASSERT_TRUE(report.posting.has_value());
  EXPECT_EQ(report.posting->encoder, "GAT + ImageAlign");
  ASSERT_EQ(report.ablation.size(), 2u);
  const AblationResult& gat = report.ablation[0];
  const AblationResult& sage = report.ablation[1];
  EXPECT_EQ(gat.encoder, "GAT + ImageAlign");
  EXPECT_EQ(sage.encoder, "GraphSAGE");
  EXPECT_DOUBLE_EQ(*gat.posting_acc_at_1, 0.25);
  EXPECT_DOUBLE_EQ(*sage.posting_mrr, 0.3);
  EXPECT_EQ(gat.method, "zipp-kshot");
  ASSERT_TRUE(gat.lift_percent && sage.lift_percent);
  EXPECT_NEAR(*gat.lift_percent, *method(report, "zipp-kshot").lift_percent, 1e-9);
  ASSERT_TRUE(gat.cs_difference && sage.cs_difference);
  EXPECT_NEAR(*gat.cs_difference, *gat.cs_method - *gat.cs_baseline, 1e-12);
  EXPECT_NEAR(*sage.cs_difference, 0.0, 1e-9);
  // Both methods of the second run drew the same neutral images: no lift at all.
  EXPECT_NEAR(*sage.lift_percent, 0.0, 1e-9);
  EXPECT_GT(*gat.lift_percent, *sage.lift_percent);
  // Its images are embedded once and cached beside the main run's.
  EXPECT_EQ(report.embedded, 35 + kBenchUsers * 4 + kBenchUsers * kBenchPrompts + 36);
}

TEST_F(RunBench, ErrorsNameWhatIsWrong) {
  AestheticEmbedder embedder;
  BenchInputs missing_baseline = inputs("errors");
  missing_baseline.config.baseline = "generic";
  try {
    run_bench(missing_baseline, embedder);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'generic' (eval.baseline)"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("no-persona, zipp-kshot"), std::string::npos) << e.what();
  }
  BenchInputs no_images = inputs("errors");
  no_images.images = root_ / "nowhere";
  try {
    run_bench(no_images, embedder);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("none of its 36 jobs has a finished image"),
              std::string::npos)
        << e.what();
  }
  // Targets for one region only: a user from any other region has no target.
  const BenchReport plain = run_bench(inputs("errors"), embedder);
  std::set<std::string> other_regions;
  for (const auto& u : plain.users) {
    if (u.demographics.at("region") != "asia") other_regions.insert(u.demographics.at("region"));
  }
  ASSERT_FALSE(other_regions.empty());
  BenchInputs bad_targets = inputs("errors");
  const fs::path targets = root_ / "bad-targets.yaml";
  std::ofstream(targets) << "region: {asia: 1}\n";
  bad_targets.config.targets = targets.string();
  try {
    run_bench(bad_targets, embedder);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    const std::string what = e.what();
    const auto at = what.find("'region' has no target for the category '");
    ASSERT_NE(at, std::string::npos) << what;
    const auto begin = what.find("category '", at) + 10;
    EXPECT_EQ(other_regions.count(what.substr(begin, what.find('\'', begin) - begin)), 1u) << what;
  }
}

}  // namespace
}  // namespace zipp::eval
